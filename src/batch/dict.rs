//! Interned text: every distinct string stored once, addressed by a dense `u32` id, so
//! columns hold ids and a string test can be decided once per distinct value.

use hashbrown::HashTable;
use std::hash::{BuildHasher, BuildHasherDefault};

type Hasher = BuildHasherDefault<rustc_hash::FxHasher>;

/// Distinct strings in first-seen order; all bytes in one buffer, so interning a value
/// already seen allocates nothing.
#[derive(Clone, Default)]
pub struct Dict {
    bytes: String,
    /// `ends[i]` is where string `i` stops in `bytes`.
    ends: Vec<usize>,
    index: HashTable<u32>,
}

impl std::fmt::Debug for Dict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Dict {
    fn eq(&self, other: &Self) -> bool {
        self.ends == other.ends && self.bytes == other.bytes
    }
}

fn hash(s: &str) -> u64 {
    Hasher::default().hash_one(s)
}

impl Dict {
    /// Number of distinct strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when nothing has been interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The string with this id.
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// All strings, by id.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|i| self.get(i))
    }

    /// The id of `s`, if it has been interned.
    pub fn find(&self, s: &str) -> Option<u32> {
        self.index.find(hash(s), |&id| self.get(id) == s).copied()
    }

    /// The id of `s`, interning it when new.
    pub fn intern(&mut self, s: &str) -> u32 {
        let h = hash(s);
        let Self { bytes, ends, index } = self;
        let at = |id: u32| {
            let i = id as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] };
            &bytes[start..ends[i]]
        };
        if let Some(&id) = index.find(h, |&id| at(id) == s) {
            return id;
        }
        let id = ends.len() as u32;
        bytes.push_str(s);
        ends.push(bytes.len());
        let (bytes, ends) = (&*bytes, &*ends);
        index.insert_unique(h, id, |&id| {
            let i = id as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] };
            hash(&bytes[start..ends[i]])
        });
        id
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn interning_is_stable_and_dense() {
        let mut d = super::Dict::default();
        assert_eq!(d.intern("a"), 0);
        assert_eq!(d.intern("bc"), 1);
        assert_eq!(d.intern("a"), 0);
        assert_eq!(d.intern(""), 2);
        assert_eq!(d.get(1), "bc");
        assert_eq!(d.get(2), "");
        assert_eq!(d.find("bc"), Some(1));
        assert_eq!(d.find("zz"), None);
        assert_eq!(d.iter().collect::<Vec<_>>(), ["a", "bc", ""]);
    }
}
