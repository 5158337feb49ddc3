//! Nothing here: the fuzz targets are in `tests/fuzz.rs`.
