//! The cranelift back end: one native function per rubric that scores a range of leads
//! straight from a [`Batch`]'s columns, bit for bit as the interpreter does.
//!
//! `plan` decides what the code needs, `gen` and `expr` emit it, `bind` checks a batch
//! and lays out the slot array the code reads. All `unsafe` of the crate is in this
//! module: running generated code, and freeing it.
#![allow(unsafe_code)]

pub mod bind;
mod expr;
mod gen;
pub mod plan;

pub use bind::Bound;
pub use plan::Unsupported;

use crate::eval::decay_factor;
use crate::ir::{Decay, Program};
use cranelift_codegen::ir::{types, AbiParam};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Linkage, Module};
use plan::Plan;
use std::time::{Duration, Instant};

/// The generated function: `(slots, lo, hi)`.
type ScoreFn = unsafe extern "C" fn(*const u64, i64, i64);

/// A rubric compiled to native code.
pub struct Jit {
    module: Option<JITModule>,
    func: ScoreFn,
    plan: Plan,
    /// How long compilation took (planning, code generation, finalising).
    pub compile_time: Duration,
}

// SAFETY: the module is only touched on drop (to free the code); the code itself is
// immutable once finalised and reentrant (it keeps all state in registers and on its own
// stack), so calling it from several threads at once is sound.
unsafe impl Send for Jit {}
// SAFETY: as above; `&Jit` only allows calling the finished code.
unsafe impl Sync for Jit {}

impl Drop for Jit {
    fn drop(&mut self) {
        if let Some(m) = self.module.take() {
            // SAFETY: `func` points into this module's memory and is only reachable
            // through `&self`; no call can be running or start once we are dropped.
            unsafe { m.free_memory() };
        }
    }
}

/// The one decay function both engines use.
extern "C" fn decay_helper(code: i64, param: i64, age: i64) -> f64 {
    let d = match code {
        1 => Decay::HalfLife(param),
        2 => Decay::Linear(param),
        _ => Decay::None,
    };
    decay_factor(d, age)
}

impl Jit {
    /// Compiles a program, or says why it cannot (the caller then interprets).
    pub fn compile(p: &Program) -> Result<Jit, Unsupported> {
        let started = Instant::now();
        let plan = Plan::new(p)?;
        let fail = |e: String| Unsupported(format!("cranelift: {e}"));
        let mut flags = settings::builder();
        for (k, v) in [
            ("opt_level", "speed"),
            ("use_colocated_libcalls", "false"),
            ("is_pic", "false"),
        ] {
            flags.set(k, v).map_err(|e| fail(e.to_string()))?;
        }
        let isa = cranelift_native::builder()
            .map_err(|e| fail(e.to_string()))?
            .finish(settings::Flags::new(flags))
            .map_err(|e| fail(e.to_string()))?;
        let mut jb = JITBuilder::with_isa(isa, default_libcall_names());
        jb.symbol("leadscore_decay", decay_helper as *const u8);
        let mut module = JITModule::new(jb);
        let func = define(&mut module, p, &plan).map_err(fail)?;
        module
            .finalize_definitions()
            .map_err(|e| fail(e.to_string()))?;
        let code = module.get_finalized_function(func);
        // SAFETY: `code` is the function just defined with the signature
        // (i64, i64, i64) -> () under the host's default calling convention, which is
        // what `extern "C"` means for `ScoreFn` on the same host.
        let func = unsafe { std::mem::transmute::<*const u8, ScoreFn>(code) };
        Ok(Jit {
            module: Some(module),
            func,
            plan,
            compile_time: started.elapsed(),
        })
    }

    /// The plan the code was generated from.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }
}

fn define(
    module: &mut JITModule,
    p: &Program,
    plan: &Plan,
) -> Result<cranelift_module::FuncId, String> {
    let ptr = types::I64;
    let mut sig = module.make_signature();
    sig.params
        .extend([AbiParam::new(ptr), AbiParam::new(ptr), AbiParam::new(ptr)]);
    let mut dsig = module.make_signature();
    dsig.params
        .extend([AbiParam::new(ptr), AbiParam::new(ptr), AbiParam::new(ptr)]);
    dsig.returns.push(AbiParam::new(types::F64));
    let decay = module
        .declare_function("leadscore_decay", Linkage::Import, &dsig)
        .map_err(|e| e.to_string())?;
    let func = module
        .declare_function("score_range", Linkage::Local, &sig)
        .map_err(|e| e.to_string())?;
    let mut ctx = module.make_context();
    ctx.func.signature = sig;
    let mut fctx = FunctionBuilderContext::new();
    {
        let b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let decay_ref = module.declare_func_in_func(decay, b.func);
        let g = gen::Gen::new(p, plan, b, decay_ref);
        let entry = g.b.current_block().ok_or("no entry block")?;
        let (lo, hi) = (g.b.block_params(entry)[1], g.b.block_params(entry)[2]);
        let b = g.function(lo, hi);
        b.finalize(module.isa().frontend_config());
    }
    module
        .define_function(func, &mut ctx)
        .map_err(|e| format!("{e:?}"))?;
    module.clear_context(&mut ctx);
    Ok(func)
}
