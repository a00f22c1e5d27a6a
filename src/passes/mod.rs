//! Passes over the model: image packaging (run by the parser as it meets
//! each image) and whole-quiz checks.

pub mod assets;
pub mod checks;
pub mod image_type;
