//! The headless face: `allybook [--db FILE] <subcommand>`. With no subcommand, the window opens.
//! Subcommands, flags and `--json` fields are a public contract: keep them stable.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use allybook_core::api::cli as json;
use allybook_core::domain::Stage;
use allybook_core::{
    agreement, attention, book, contract, demo, dossier, import, pipeline, scoring, search,
    selling, store, Error, Store,
};

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
    /// The database file [default: the book last chosen in the window, else the OS data directory, e.g. ~/.local/share/allybook/allybook.sqlite]
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
    /// Import prospects from a CSV file (HubSpot, Salesforce or spreadsheet long-lists)
    #[command(subcommand)]
    Import(ImportWhat),
    /// Export data to a file
    #[command(subcommand)]
    Export(ExportWhat),
    /// List prospects (ranked by fit with --rank)
    Prospects {
        /// Best fit first, with each score's explanation
        #[arg(long)]
        rank: bool,
        /// At most N prospects
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: i64,
        /// Print an array of {id, name, score, explanation, ...}
        #[arg(long)]
        json: bool,
    },
    /// Search prospects, contacts and notes (case and accents ignored)
    Search {
        /// Words to find; the last may be the start of a word
        query: String,
        /// Print an array of hits as JSON
        #[arg(long)]
        json: bool,
    },
    /// Move a prospect to another pipeline stage (recorded with date, who and note)
    Move {
        /// The prospect's id or exact name
        prospect: String,
        /// long_list, short_list, vetting, negotiating, active, paused or ended
        stage: String,
        /// A note for the history (for paused and ended, the reason if --reason is not given)
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        /// Why the partnership is paused or ended
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
        /// Print {"id", "name", "from", "to", "skipped"} as JSON
        #[arg(long)]
        json: bool,
    },
    /// What needs attention: follow-ups, stuck prospects, expiring certifications, contract
    /// renewal and notice dates, expiring lead registrations, lead conflicts without a decision
    Attention {
        /// The day to compute for (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Print an array of items as JSON
        #[arg(long)]
        json: bool,
    },
    /// Write a prospect's partner dossier (profile, fit, scorecard, checklist, activities) as PDF
    Dossier {
        /// The prospect's id or exact name
        prospect: String,
        /// The PDF file to write
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// List contracts with their partner, number of versions and the latest status
    Contracts {
        /// Print an array of {id, partner, title, versions, status, latest_version}
        #[arg(long)]
        json: bool,
    },
    /// Create or change a contract
    #[command(subcommand)]
    Contract(ContractWhat),
    /// Write a contract version's agreement as PDF (drafts carry a DRAFT mark)
    Agreement {
        /// The contract's id
        contract: i64,
        /// The version [default: the latest]
        #[arg(long, value_name = "N")]
        version: Option<i64>,
        /// The file to write: FILE.pdf, or FILE.docx for a Word document to redline
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// List joint opportunities, with totals per stage and currency
    Opportunities {
        /// Only this partner's (id or exact name)
        #[arg(long, value_name = "PROSPECT")]
        partner: Option<String>,
        /// Print an array of {id, partner, customer, value, currency, stage, …}
        #[arg(long)]
        json: bool,
    },
    /// Write a partner's referral-fee statement for a period as CSV or PDF (by the extension)
    Statement {
        /// The partner's id or exact name
        prospect: String,
        /// First day of the period (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the period (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: String,
        /// FILE.csv or FILE.pdf
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Share this book with a team through a relay: create, join, show, leave
    #[command(subcommand)]
    Team(TeamWhat),
    /// One sync round of a team book with its relay: send this laptop's changes, receive the
    /// others'
    Sync {
        /// One round, then exit (the window syncs in the background)
        #[arg(long)]
        once: bool,
        /// Print {"sent", "received", "conflicts", "problems", "waiting"}
        #[arg(long)]
        json: bool,
    },
    /// What needs review in a team book: fields two laptops set differently, and records a
    /// merge brought that this book could not take
    Conflicts {
        /// Print [{"record", "field", "values": [{"value", "by", "at"}]}]
        #[arg(long)]
        json: bool,
    },
    /// Decide a conflict: keep VALUE (one of the values `conflicts` lists) for FIELD of RECORD,
    /// on every laptop after the next sync
    Resolve {
        /// As `conflicts` names it, e.g. prospect/3f2a…
        record: String,
        field: String,
        /// The value to keep, as `conflicts --json` prints it (text as is, numbers as digits)
        value: String,
    },
    /// Run a team's relay: stores each team book's documents and passes changes between
    /// laptops, admitting only laptops with the book's secret
    Relay {
        /// Address to listen on, e.g. 127.0.0.1:3030 or 0.0.0.0:3030
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:3030")]
        listen: String,
        /// Folder for the team books' documents
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Speak TLS (wss://) with this certificate chain (PEM), e.g. Let's Encrypt's
        /// fullchain.pem; needs --tls-key
        #[arg(long, value_name = "FILE", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM)
        #[arg(long, value_name = "FILE", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Render a contract's agreement RUNS times in-process and print the median (benchmarks)
    #[command(hide = true)]
    AgreementBench {
        contract: i64,
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// Write COUNT prospects, one committed transaction each, printing `committed N` after each
    /// commit (used by the crash test)
    #[command(hide = true)]
    Stress {
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// Import prospects from FILE: a CRM export or spreadsheet (.csv in UTF-8, UTF-16 or
    /// Windows-1252 with comma, semicolon or tab; or an .xlsx, .xls or .ods workbook)
    Prospects {
        file: PathBuf,
        /// Map a column to a field, e.g. --map "Firma=name". Fields: name, website, domain, city,
        /// country, region, industry, employees, revenue, description, tags, vertical, offering,
        /// service, stage; "ignore" leaves a column out
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        maps: Vec<String>,
        /// Check and count, but write nothing
        #[arg(long)]
        dry_run: bool,
        /// Import the valid rows and skip (and report) the invalid ones
        #[arg(long)]
        skip_invalid: bool,
        /// Import every row, leaving bad values empty (each one reported)
        #[arg(long, conflicts_with = "skip_invalid")]
        blank_invalid: bool,
        /// A workbook's sheet (by default the first with data)
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// What a value of the stage column means, e.g. --stage-value "Customer=active";
        /// "ignore" leaves such rows on the long-list
        #[arg(long = "stage-value", value_name = "VALUE=STAGE")]
        stage_values: Vec<String>,
        /// Print {"imported", "merged", "skipped", "blanked", "errors": [{"line", "column",
        /// "message", "value", "company"}], "dry_run", "written"}
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContractWhat {
    /// Create a contract with a partner; its version 1 is a draft of the terms
    Create {
        /// The partner: a prospect's id or exact name
        #[arg(long, value_name = "PROSPECT")]
        partner: String,
        /// Terms of engagement as JSON, in the shape the app uses; what is left out takes the
        /// template's defaults
        #[arg(long, value_name = "FILE.json")]
        terms: Option<PathBuf>,
        /// Print {"id": N}
        #[arg(long)]
        json: bool,
    },
    /// Move a version along draft → sent → signed → active → expired / terminated. Signing needs
    /// who signed for each party (from the flags, else the terms' signatories); terminating and
    /// expiring need a reason
    Status {
        contract: i64,
        #[arg(long, value_name = "N")]
        version: i64,
        /// draft, sent, signed, active, expired or terminated
        status: String,
        /// The day it happened (YYYY-MM-DD; today by default)
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Why (required to terminate or expire)
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
        /// Who signed for us
        #[arg(long, value_name = "NAME", default_value = "")]
        our_signatory: String,
        /// Their role
        #[arg(long, value_name = "ROLE", default_value = "")]
        our_role: String,
        /// Who signed for the partner
        #[arg(long, value_name = "NAME", default_value = "")]
        partner_signatory: String,
        /// Their role
        #[arg(long, value_name = "ROLE", default_value = "")]
        partner_role: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TeamWhat {
    /// Make this book a team book at RELAY (a backup is made first) and print the invite
    Create {
        /// The relay's address, e.g. ws://sync.example.net:3030
        #[arg(long, value_name = "URL")]
        relay: String,
        /// Your name as the team sees it [default: the name in Settings]
        #[arg(long, value_name = "NAME")]
        member: Option<String>,
        /// Also write the invite to FILE (readable by you only)
        #[arg(long, value_name = "FILE")]
        invite_file: Option<PathBuf>,
        /// Print {"invite", "relay", "book", "id"}
        #[arg(long)]
        json: bool,
    },
    /// Join a team book into this (new, empty) book file with an invite
    Join {
        /// The invite line, or @FILE for an invite saved as a file
        invite: String,
        /// Your name as the team sees it [default: the name in Settings]
        #[arg(long, value_name = "NAME")]
        member: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show this book's team: relay, book id, your name and role, changes waiting
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Leave the team: this book stays as it is, a single-user book again
    Leave,
    /// Make an invite for one colleague (the owner's laptop): each colleague gets their own,
    /// so one can be revoked without the others
    Invite {
        /// Whom the invite is for, as the list of invites will show it
        #[arg(long = "for", value_name = "NAME")]
        name: String,
        /// Also write the invite to FILE (readable by you only)
        #[arg(long, value_name = "FILE")]
        invite_file: Option<PathBuf>,
        /// Print {"invite", "id", "name"}
        #[arg(long)]
        json: bool,
    },
    /// List the book's invites as the relay keeps them: whom for, made, last used, revoked
    Invites {
        #[arg(long)]
        json: bool,
    },
    /// Revoke one invite (its id from `team invites`): the relay refuses it from now on and
    /// cuts its open connections
    Revoke { id: String },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// Export every prospect to FILE.csv (UTF-8); `import prospects` reads it back
    Prospects { file: PathBuf },
    /// Export follow-ups, renewal and notice dates and expiries to FILE.ics (iCalendar); a later
    /// export updates the events of an earlier one (stable UIDs)
    Calendar { file: PathBuf },
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
    let db = match cli
        .db
        .clone()
        .map_or_else(allybook_core::desktop::default_book, Ok)
    {
        Ok(db) => db,
        Err(e) => return fail(&e.to_string()),
    };
    match cli.command {
        None => match crate::window::run(&db) {
            Ok(()) => 0,
            Err(e) => fail(&e),
        },
        Some(command) => {
            quiet_on_broken_pipe();
            allybook_core::store::set_busy_notice(|path| {
                eprintln!(
                    "allybook: another Allybook is writing {}; retrying for up to {} s…",
                    path.display(),
                    allybook_core::store::BUSY_TIMEOUT.as_secs()
                );
            });
            match run(&db, command) {
                Ok(code) => code,
                Err(e) => fail(&e.to_string()),
            }
        }
    }
}

/// `allybook prospects | head -1`: when the reader goes away, a headless command ends quietly
/// with the conventional SIGPIPE status (141 in a shell) instead of panicking on its next print.
/// Only headless: the window's libraries expect SIGPIPE ignored.
fn quiet_on_broken_pipe() {
    #[cfg(unix)]
    // SAFETY: sets the default disposition of one signal; no handler code runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn init_tracing(headless: bool) {
    // Headless runs stay quiet unless RUST_LOG says otherwise: their stdout is for scripts.
    // samod reports a closed connection's last redial as a warning: not the user's concern.
    let default = if headless {
        "warn,samod=error,samod_core=error"
    } else {
        "info"
    };
    crate::log_filter::init(default);
}

/// The flag of `contract status` that sets a status change's field.
fn cli_flag(field: &str) -> &'static str {
    match field {
        "on" => "--on",
        "reason" => "--reason",
        "our_signatory.name" => "--our-signatory",
        "our_signatory.role" => "--our-role",
        "partner_signatory.name" => "--partner-signatory",
        "partner_signatory.role" => "--partner-role",
        _ => "in the terms: save a new version",
    }
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
            let store = Store::open_existing(db)?;
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
        Command::Import(ImportWhat::Prospects {
            file,
            maps,
            dry_run,
            skip_invalid,
            blank_invalid,
            sheet,
            stage_values,
            json,
        }) => {
            let pairs = |flag: &str, what: &str, list: &[String]| {
                list.iter()
                    .map(|m| {
                        m.rsplit_once('=')
                            .map(|(c, f)| (c.to_string(), f.to_string()))
                            .ok_or_else(|| Error::invalid(flag, format!("{m:?} is not {what}")))
                    })
                    .collect::<Result<Vec<_>, _>>()
            };
            let maps = pairs("--map", "COLUMN=FIELD", &maps)?;
            let stage_values = pairs("--stage-value", "VALUE=STAGE", &stage_values)?;
            let opts = import::ImportOptions {
                maps,
                dry_run,
                skip_invalid,
                blank_invalid,
                sheet,
                stage_values,
            };
            let report = match import::import_into(db, &file, &opts) {
                Err(Error::Invalid { field, message }) if field == "name" => {
                    return Err(Error::invalid(
                        field,
                        format!("{message} with --map \"COLUMN=name\""),
                    ))
                }
                r => r?,
            };
            let refused = !report.errors.is_empty() && !skip_invalid && !blank_invalid;
            if json {
                println!(
                    "{}",
                    serde_json::to_string(&json::Imported::new(&report, dry_run))?
                );
            } else {
                for e in &report.errors {
                    let company = if e.company.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", e.company)
                    };
                    println!(
                        "{}: line {}{company}, column {:?}: {}",
                        file.display(),
                        e.line,
                        e.column,
                        e.message
                    );
                }
                let what = if dry_run {
                    " (dry run: nothing written)"
                } else {
                    ""
                };
                if report
                    .errors
                    .iter()
                    .any(|e| e.message.contains("not an Allybook stage"))
                {
                    println!(
                        "hint: say what a stage value means with --stage-value \"VALUE=STAGE\" (stages: {}; \"ignore\" keeps the long-list)",
                        Stage::ALL.map(|s| s.as_str()).join(", ")
                    );
                }
                if !refused {
                    let blanked = if report.blanked > 0 {
                        format!(", {} with bad values left empty", report.blanked)
                    } else {
                        String::new()
                    };
                    println!(
                        "imported {}, merged {}, skipped {}{blanked}{what}",
                        report.imported, report.merged, report.skipped
                    );
                }
            }
            if refused {
                return Err(Error::invalid(
                    "import",
                    format!(
                        "{} rows have errors, so nothing was imported; fix them, or use --skip-invalid or --blank-invalid",
                        report.errors.iter().map(|e| e.line).collect::<std::collections::BTreeSet<_>>().len()
                    ),
                ));
            }
            // The rows are committed and reported; their search index resumes at the next
            // import or window start if it was cut short.
            if let Some(e) = &report.index_error {
                eprintln!(
                    "allybook: the import is saved; indexing it for search stopped ({e}); search still finds the new prospects, and the indexing resumes when the window opens or at the next import"
                );
            }
            Ok(0)
        }
        Command::Team(what) => team_command(db, what),
        Command::Sync { once: _, json } => {
            // Headless sync is always one round; the flag says so in scripts.
            let mut store = Store::open_existing(db)?;
            let r = allybook_sync::sync_once(&mut store)?;
            if json {
                println!("{}", serde_json::to_string(&r)?);
            } else {
                println!(
                    "synced: sent {}, received {}; {} to review ({} conflicts, {} problems); {} waiting",
                    r.sent,
                    r.received,
                    r.conflicts + r.problems,
                    r.conflicts,
                    r.problems,
                    r.waiting
                );
            }
            Ok(0)
        }
        Command::Conflicts { json } => {
            let store = Store::open_existing(db)?;
            let listed = allybook_core::team::conflicts(store.conn())?;
            let problems = allybook_core::team::problems(store.conn())?;
            if json {
                println!("{}", serde_json::to_string(&listed)?);
            } else {
                if listed.is_empty() && problems.is_empty() {
                    println!("nothing to review");
                }
                for c in &listed {
                    println!("{} — {} ({} {}):", c.label, c.field, c.record, c.field);
                    for v in &c.values {
                        println!("  {} — set by {} at {}", v.value, v.by, v.at);
                    }
                }
                for p in &problems {
                    println!("{}: could not be applied: {}", p.record, p.reason);
                }
            }
            Ok(0)
        }
        Command::Resolve {
            record,
            field,
            value,
        } => {
            let mut store = Store::open_existing(db)?;
            let listed = allybook_core::team::conflicts(store.conn())?;
            // The value as `conflicts` lists it: a listed JSON value whose text is VALUE.
            let chosen = listed
                .iter()
                .filter(|c| c.record == record && c.field == field)
                .flat_map(|c| c.values.iter())
                .map(|v| v.value.clone())
                .find(|v| match v {
                    serde_json::Value::String(s) => *s == value,
                    other => serde_json::to_string(other).ok().as_deref() == Some(value.as_str()),
                })
                .unwrap_or(serde_json::Value::String(value.clone()));
            // The change that set this value set others with it (a stage move: stage, its date
            // and reason): keeping it keeps all of them, as "Keep this version" does.
            let chosen_text = serde_json::to_string(&chosen)?;
            let version = allybook_core::team::review(&store)?
                .into_iter()
                .filter(|i| i.record == record)
                .flat_map(|i| i.versions)
                .find(|v| {
                    v.values
                        .iter()
                        .any(|x| x.field == field && x.value == chosen_text)
                });
            match version {
                Some(v) if v.values.len() > 1 => {
                    let choices: Vec<allybook_core::team::ReviewChoice> = v
                        .values
                        .iter()
                        .map(|x| allybook_core::team::ReviewChoice {
                            field: x.field.clone(),
                            value: x.value.clone(),
                        })
                        .collect();
                    allybook_core::team::resolve(&mut store, &record, &choices)?;
                    let others: Vec<&str> = v
                        .values
                        .iter()
                        .map(|x| x.field.as_str())
                        .filter(|f| *f != field)
                        .collect();
                    println!(
                        "kept {value:?} for {field} of {record}, with {} as {} set them; `allybook sync --once` sends it to the team",
                        others.join(", "),
                        v.by
                    );
                }
                _ => {
                    allybook_core::team::choose(&mut store, &record, &field, &chosen)?;
                    println!("kept {value:?} for {field} of {record}; `allybook sync --once` sends it to the team");
                }
            }
            Ok(0)
        }
        Command::Relay {
            listen,
            data,
            tls_cert,
            tls_key,
        } => {
            let tls = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => Some(allybook_sync::relay::Tls { cert, key }),
                _ => None,
            };
            allybook_sync::relay::run(&listen, data, tls.as_ref(), |url| {
                println!("relay listening on {url}");
            })?;
            Ok(0)
        }
        Command::Export(ExportWhat::Prospects { file }) => {
            let store = Store::open_existing(db)?;
            let n = import::export(store.conn(), &file)?;
            println!("exported {n} prospects to {}", file.display());
            Ok(0)
        }
        Command::Export(ExportWhat::Calendar { file }) => {
            let store = Store::open_existing(db)?;
            let r = attention::export_calendar(store.conn(), &file)?;
            println!("exported {} events to {}", r.events, file.display());
            Ok(0)
        }
        Command::Move {
            prospect,
            stage,
            note,
            reason,
            json,
        } => {
            let mut store = Store::open(db)?;
            let ask = !json && std::io::stdin().is_terminal();
            let confirm = |open: &[String]| {
                if !ask {
                    return true;
                }
                eprintln!("These checklist items are still open:");
                for item in open {
                    eprintln!("  - {item}");
                }
                eprint!("Move anyway and record them as skipped? [y/N] ");
                let mut answer = String::new();
                std::io::stdin().read_line(&mut answer).is_ok()
                    && matches!(answer.trim(), "y" | "Y" | "yes")
            };
            let Some(out) =
                pipeline::move_named(&mut store, &prospect, &stage, note, reason, confirm)?
            else {
                eprintln!("not moved");
                return Ok(1);
            };
            if json {
                println!("{}", serde_json::to_string(&json::Moved::from(&out))?);
            } else {
                println!(
                    "moved {} from {} to {}",
                    out.name,
                    out.from.label(),
                    out.to.label()
                );
                if !out.skipped.is_empty() {
                    println!("skipped open checklist items: {}", out.skipped.join("; "));
                }
            }
            Ok(0)
        }
        Command::Attention { on, json } => {
            let today = match on {
                Some(d) => pipeline::parse_day("--on", &d)?,
                None => chrono::Local::now().date_naive(),
            };
            let store = Store::open_existing(db)?;
            let items = attention::attention(store.conn(), today)?;
            if json {
                println!("{}", serde_json::to_string(&items)?);
            } else if items.is_empty() {
                println!("nothing needs attention on {today}");
            } else {
                for i in &items {
                    println!(
                        "{}  {:<24}  {} — {}",
                        i.date,
                        format!("{:?}", i.kind),
                        i.title,
                        i.detail
                    );
                }
            }
            Ok(0)
        }
        Command::Dossier { prospect, out } => {
            let store = Store::open_existing(db)?;
            let today = chrono::Local::now().date_naive();
            let bytes = dossier::write_named(store.conn(), &prospect, today, &out)?;
            println!(
                "wrote the dossier ({} KB) to {}",
                bytes.div_ceil(1024),
                out.display()
            );
            Ok(0)
        }
        Command::Contracts { json } => {
            let store = Store::open_existing(db)?;
            let list = contract::list(store.conn())?;
            if json {
                println!("{}", serde_json::to_string(&list)?);
            } else if list.is_empty() {
                println!("no contracts yet");
            } else {
                for c in &list {
                    println!(
                        "{:>4}  {}  {} — {} version(s), latest v{} {}",
                        c.id,
                        c.partner,
                        c.title,
                        c.versions,
                        c.latest_version,
                        c.status.as_str()
                    );
                }
            }
            Ok(0)
        }
        Command::Contract(ContractWhat::Create {
            partner,
            terms,
            json,
        }) => {
            let mut store = Store::open(db)?;
            let id = contract::create_named(&mut store, &partner, terms.as_deref())?;
            if json {
                println!("{}", serde_json::to_string(&json::Created { id })?);
            } else {
                println!("{id}");
            }
            Ok(0)
        }
        Command::Contract(ContractWhat::Status {
            contract: id,
            version,
            status,
            on,
            reason,
            our_signatory,
            our_role,
            partner_signatory,
            partner_role,
        }) => {
            let change = contract::StatusChange {
                status: contract::VersionStatus::parse(&status)?,
                on,
                reason,
                our_signatory: contract::Signatory {
                    name: our_signatory,
                    role: our_role,
                },
                partner_signatory: contract::Signatory {
                    name: partner_signatory,
                    role: partner_role,
                },
            };
            let mut store = Store::open(db)?;
            let v = contract::change_status(
                &mut store,
                id,
                version,
                &change,
                chrono::Local::now().date_naive(),
            )
            .map_err(|e| match e {
                // Flags, not form fields: say which flag to give.
                Error::Fields(f) => Error::Fields(
                    f.into_iter()
                        .map(|mut e| {
                            e.field = format!("{} ({})", e.field, cli_flag(&e.field));
                            e
                        })
                        .collect(),
                ),
                other => other,
            })?;
            println!(
                "contract {id} version {} is {}",
                v.version,
                v.status.as_str()
            );
            Ok(0)
        }
        Command::Agreement {
            contract: id,
            version,
            out,
        } => {
            let store = Store::open_existing(db)?;
            let bytes = agreement::write_pdf(store.conn(), id, version, &out)?;
            println!(
                "wrote the agreement ({} KB) to {}",
                bytes.div_ceil(1024),
                out.display()
            );
            Ok(0)
        }
        Command::Opportunities { partner, json } => {
            let store = Store::open_existing(db)?;
            let today = chrono::Local::now().date_naive();
            let list = selling::opportunities_named(store.conn(), partner.as_deref(), today)?;
            if json {
                let out: Vec<json::OpportunityLine> =
                    list.items.iter().map(json::OpportunityLine::from).collect();
                println!("{}", serde_json::to_string(&out)?);
            } else {
                for o in &list.items {
                    println!(
                        "{:>4}  {:<10} {:>18}  {} — {}",
                        o.id,
                        o.stage.as_str(),
                        agreement::money(o.value_minor, &o.currency),
                        o.partner,
                        o.customer
                    );
                }
                for t in &list.totals {
                    println!(
                        "total {:<10} {:>18}  ({} deals)",
                        t.stage.as_str(),
                        agreement::money(t.value_minor, &t.currency),
                        t.count
                    );
                }
            }
            Ok(0)
        }
        Command::Statement {
            prospect,
            from,
            to,
            out,
        } => {
            let store = Store::open_existing(db)?;
            let s = selling::statement_named(store.conn(), &prospect, &from, &to, &out).map_err(
                |e| match e {
                    // Flags, not form fields.
                    Error::Invalid { field, message } if field == "from" || field == "to" => {
                        Error::invalid(format!("--{field}"), message)
                    }
                    other => other,
                },
            )?;
            println!(
                "wrote the statement for {} ({} won deals) to {}",
                s.partner,
                s.lines.len(),
                out.display()
            );
            for t in &s.totals {
                if t.we_owe_minor > 0 {
                    println!(
                        "  {} owes {} {}",
                        s.us,
                        s.partner,
                        agreement::money(t.we_owe_minor, &t.currency)
                    );
                }
                if t.partner_owes_minor > 0 {
                    println!(
                        "  {} owes {} {}",
                        s.partner,
                        s.us,
                        agreement::money(t.partner_owes_minor, &t.currency)
                    );
                }
            }
            Ok(0)
        }
        Command::AgreementBench { contract: id, runs } => {
            let store = Store::open(db)?;
            let mut times = Vec::with_capacity(runs);
            let mut size = 0;
            for _ in 0..runs.max(1) {
                let t = std::time::Instant::now();
                size = agreement::pdf(store.conn(), id, None)?.len();
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            let first = times[0];
            let mut rest = times[1..].to_vec();
            rest.sort_by(|a, b| a.total_cmp(b));
            let median = rest.get(rest.len() / 2).copied().unwrap_or(first);
            println!("in-process: first {first:.1} ms (parses the fonts), median of the next {} {median:.1} ms, {size} bytes", rest.len());
            Ok(0)
        }
        Command::Prospects { rank, limit, json } => {
            let mut store = Store::open_existing(db)?;
            let ranked = scoring::ranked(&mut store, rank, limit)?;
            if json {
                println!("{}", serde_json::to_string(&ranked)?);
                return Ok(0);
            }
            for p in &ranked {
                println!("{:>3}  {}  [{}]", p.score, p.name, p.stage.label());
                if rank {
                    for c in p.explanation.iter().filter(|c| c.points != 0.0) {
                        println!("       {:+6.1}  {}: {}", c.points, c.label, c.detail);
                    }
                }
            }
            Ok(0)
        }
        Command::Search { query, json } => {
            let store = Store::open_existing(db)?;
            let hits = search::search(store.conn(), &query, 50)?;
            if json {
                println!("{}", serde_json::to_string(&hits)?);
            } else {
                let plain = |s: &str| s.replace([search::MARK_START, search::MARK_END], "");
                for h in &hits {
                    println!("{:<8}  {}  {}", h.kind, h.prospect_name, plain(&h.title));
                }
                if hits.is_empty() {
                    eprintln!("no matches for {query:?}");
                }
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

fn team_command(db: &std::path::Path, what: TeamWhat) -> Result<i32, Error> {
    match what {
        TeamWhat::Create {
            relay,
            member,
            invite_file,
            json,
        } => {
            let mut store = Store::open_existing(db)?;
            let invite = allybook_sync::create(&mut store, &relay, member.as_deref())?;
            let text = invite.encode();
            if let Some(file) = &invite_file {
                invite.write_file(file)?;
            }
            if json {
                println!(
                    "{}",
                    serde_json::json!({"invite": text, "relay": invite.relay, "book": invite.book,
                        "id": allybook_sync::invite_id(&invite)})
                );
            } else {
                println!("{} is now a team book at {}.", db.display(), invite.relay);
                println!("Send this first invite to one colleague (it lets whoever has it into the book;");
                println!("`allybook team invite --for NAME` makes one per colleague, `team revoke` shuts one out):");
                println!("{text}");
            }
            Ok(0)
        }
        TeamWhat::Join {
            invite,
            member,
            json,
        } => {
            let text = match invite.strip_prefix('@') {
                Some(file) => std::fs::read_to_string(file)
                    .map_err(|e| Error::io(format!("cannot read the invite {file}"), e))?,
                None => invite,
            };
            let invite = allybook_sync::Invite::decode(&text)?;
            let mut store = Store::open(db)?;
            let r = allybook_sync::join(&mut store, &invite, member.as_deref())?;
            if json {
                println!("{}", serde_json::to_string(&r)?);
            } else {
                println!(
                    "joined the team book at {}: received {} records into {}",
                    invite.relay,
                    r.received,
                    db.display()
                );
            }
            Ok(0)
        }
        TeamWhat::Show { json } => {
            let store = Store::open_existing(db)?;
            let Some(t) = allybook_core::team::team(store.conn())? else {
                if json {
                    println!("null");
                } else {
                    println!(
                        "{} is a single-user book: `allybook team create --relay URL` shares it",
                        db.display()
                    );
                }
                return Ok(0);
            };
            let waiting = allybook_core::team::waiting(&store)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"relay": t.relay, "book": t.book_id, "member": t.member,
                        "role": t.role, "joined_at": t.joined_at, "waiting": waiting})
                );
            } else {
                println!(
                    "team book {} at {}; you are {} ({}); {} changes waiting",
                    t.book_id, t.relay, t.member, t.role, waiting
                );
            }
            Ok(0)
        }
        TeamWhat::Invite {
            name,
            invite_file,
            json,
        } => {
            let mut store = Store::open_existing(db)?;
            let invite = allybook_sync::invite_with(
                &allybook_core::team::Exclusive::new(&mut store),
                &name,
            )?;
            let text = invite.encode();
            if let Some(file) = &invite_file {
                invite.write_file(file)?;
            }
            let id = allybook_sync::invite_id(&invite);
            if json {
                println!(
                    "{}",
                    serde_json::json!({"invite": text, "id": id, "name": name.trim()})
                );
            } else {
                println!(
                    "Invite {id} for {}; send it to them (it lets whoever has it into the book):",
                    name.trim()
                );
                println!("{text}");
            }
            Ok(0)
        }
        TeamWhat::Invites { json } => {
            let mut store = Store::open_existing(db)?;
            let list =
                allybook_sync::invites_with(&allybook_core::team::Exclusive::new(&mut store))?;
            print_invites(&list, json)?;
            Ok(0)
        }
        TeamWhat::Revoke { id } => {
            let mut store = Store::open_existing(db)?;
            let list =
                allybook_sync::revoke_with(&allybook_core::team::Exclusive::new(&mut store), &id)?;
            println!(
                "revoked invite {}: the relay refuses it from now on",
                id.trim()
            );
            print_invites(&list, false)?;
            Ok(0)
        }
        TeamWhat::Leave => {
            let mut store = Store::open_existing(db)?;
            allybook_core::team::leave(&mut store)?;
            println!(
                "{} left its team; it is a single-user book again",
                db.display()
            );
            Ok(0)
        }
    }
}

fn print_invites(list: &[allybook_core::team::TeamInvite], json: bool) -> Result<(), Error> {
    if json {
        println!("{}", serde_json::to_string(list)?);
        return Ok(());
    }
    if list.is_empty() {
        println!("no invites yet: `allybook team invite --for NAME` makes one");
    }
    for i in list {
        let state = match (&i.revoked_at, &i.last_seen) {
            (Some(at), _) => format!("revoked {at}"),
            (None, Some(seen)) => format!("last used {seen}"),
            (None, None) => "not used yet".into(),
        };
        println!("{}  {}  made {}  {}", i.id, i.name, i.issued_at, state);
    }
    Ok(())
}
