//! The app's tests, in one binary: the executable run headless (`cli`), killed mid-write
//! (`crash`), the generated TypeScript bindings and the granted permissions (`bindings`), and
//! the invariants of the built executable (`tidy`).

mod bindings;
mod cli;
mod crash;
mod team;
mod tidy;
