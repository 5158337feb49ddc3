//! The headless face: `allybook [--db FILE] <subcommand>`. With no subcommand, the window opens.
//! Subcommands, flags and `--json` fields are a public contract: keep them stable.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use allybook_core::{book, demo, store, Error, Store};

#[derive(Debug, Parser)]
#[command(
    name = "allybook",
    version,
    about = "Allybook: find, vet and formalise IT-channel partnerships, offline.",
    long_about = "Allybook keeps your alliance book (prospects, contracts, terms of engagement) in one \
                  SQLite file on this machine.\n\nWith no subcommand, the window opens. With a \
                  subcommand, Allybook runs headless and needs no display."
)]
pub struct Cli {
    /// The database file [default: the OS data directory, e.g. ~/.local/share/allybook/allybook.sqlite]
    #[arg(long, global = true, env = "ALLYBOOK_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the database's integrity and schema version (exit 0 when sound, 1 when not)
    Check {
        /// Print the report as one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Copy the database to FILE with SQLite's online backup (refuses to overwrite)
    Backup {
        /// Where to write the copy
        file: PathBuf,
    },
    /// Replace the database with the backup FILE; the current database is kept next to it
    Restore {
        /// A backup written by `allybook backup` (or any sound Allybook database)
        file: PathBuf,
    },
    /// Load the sample alliance book into an empty database
    Demo {
        /// Print what was loaded as one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Write COUNT prospects, one committed transaction each, printing `committed N` after each
    /// commit (used by the crash test)
    #[command(hide = true)]
    Stress {
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print and exit 0; usage errors exit 2.
            let _ = e.print();
            return e.exit_code();
        }
    };
    init_tracing(cli.command.is_some());
    let db = match cli.db.clone().map_or_else(Store::default_path, Ok) {
        Ok(db) => db,
        Err(e) => return fail(&e.to_string()),
    };
    match cli.command {
        None => match crate::run_window(db) {
            Ok(()) => 0,
            Err(e) => fail(&e),
        },
        Some(command) => match run(&db, command) {
            Ok(code) => code,
            Err(e) => fail(&e.to_string()),
        },
    }
}

fn init_tracing(headless: bool) {
    // Headless runs stay quiet unless RUST_LOG says otherwise: their stdout is for scripts.
    let default = if headless { "warn" } else { "info" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// One line on stderr, exit code 1.
fn fail(message: &str) -> i32 {
    let line = message.replace('\n', " ");
    eprintln!("allybook: error: {line}");
    1
}

fn run(db: &std::path::Path, command: Command) -> Result<i32, Error> {
    match command {
        Command::Check { json } => {
            let report = store::check(db)?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else if report.sound {
                println!(
                    "ok: {} is sound (schema version {}, {} prospects)",
                    report.path, report.schema_version, report.prospects
                );
            }
            if report.sound {
                Ok(0)
            } else {
                if !json {
                    eprintln!(
                        "allybook: error: {} is not sound: {}",
                        report.path,
                        report.integrity.join("; ")
                    );
                }
                Ok(1)
            }
        }
        Command::Backup { file } => {
            let store = Store::open(db)?;
            store.backup_to(&file)?;
            println!("backed up {} to {}", db.display(), file.display());
            Ok(0)
        }
        Command::Restore { file } => {
            let restored = store::restore(db, &file)?;
            match restored.previous {
                Some(prev) => println!(
                    "restored {} from {}; the previous database is kept at {}",
                    db.display(),
                    file.display(),
                    prev.display()
                ),
                None => println!("restored {} from {}", db.display(), file.display()),
            }
            Ok(0)
        }
        Command::Demo { json } => {
            let mut store = Store::open(db)?;
            let s = demo::load(&mut store)?;
            if json {
                println!("{}", serde_json::to_string(&s)?);
            } else {
                println!(
                    "loaded the sample book into {}: {} prospects, {} contacts, {} activities, \
                     {} contracts ({} versions), {} joint opportunities, {} lead registrations",
                    db.display(),
                    s.prospects,
                    s.contacts,
                    s.activities,
                    s.contracts,
                    s.contract_versions,
                    s.opportunities,
                    s.lead_registrations
                );
            }
            Ok(0)
        }
        Command::Stress { count } => {
            let mut store = Store::open(db)?;
            let stdout = std::io::stdout();
            book::stress(&mut store, count, |n| {
                let mut out = stdout.lock();
                let _ = writeln!(out, "committed {n}");
                let _ = out.flush();
            })?;
            Ok(0)
        }
    }
}
