//! The log's filter, shared by the executable and the window library: `RUST_LOG` when it holds
//! directives such as `warn,allybook_core=debug`, else the given default.
//!
//! A `Targets` filter, not `EnvFilter`: the latter matches span and field directives with regular
//! expressions, and the regex engine with its Unicode tables was 0.9 MB of the window library
//! (issue 13, BENCHMARKS.md). Only `target=level` directives are understood; a `RUST_LOG` that holds others is
//! reported on standard error and the default is used.

use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

pub fn init(default: &str) {
    let from_env = std::env::var("RUST_LOG")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let filter = match from_env.as_deref().map(str::parse::<Targets>) {
        Some(Ok(filter)) => filter,
        Some(Err(e)) => {
            eprintln!("RUST_LOG is not a list of target=level directives ({e}); using {default:?}");
            default.parse().unwrap_or_default()
        }
        None => default.parse().unwrap_or_default(),
    };
    let _ = tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .with(filter)
        .try_init();
}
