//! TEMP stub
pub fn infer(_l: &std::path::Path, _e: Option<&std::path::Path>) -> Result<String, crate::data::load::DataError> { todo!() }
