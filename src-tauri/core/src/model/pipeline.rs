//! The guided pipeline's records as loaded and as the forms send them: checklists, moves, the
//! vetting scorecard and its decision, activities, the prospect page's view and the board.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::domain::{Stage, StageMove};

/// One item of a stage's checklist as it stands for one prospect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChecklistItem {
    /// The template item's id (stable across prospects).
    pub id: i64,
    pub stage: Stage,
    pub label: String,
    /// Day it was ticked, `None` while open.
    pub done_on: Option<String>,
    pub done_by: String,
    pub note: String,
}

/// The template, as Settings edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChecklistTemplateItem {
    /// `None` for an item added in Settings and not saved yet.
    pub id: Option<i64>,
    pub stage: Stage,
    pub label: String,
}

/// A move asked for. `confirm_skip` says the user saw the open items and goes on anyway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MoveRequest {
    pub prospect_id: i64,
    pub to: Stage,
    #[serde(default)]
    pub note: String,
    /// Required when pausing or ending.
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub confirm_skip: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MoveOutcome {
    pub prospect_id: i64,
    pub name: String,
    pub from: Stage,
    pub to: Stage,
    /// Labels of checklist items left open by this move.
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Go,
    NoGo,
    MoreDiligence,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Go => "go",
            Decision::NoGo => "no_go",
            Decision::MoreDiligence => "more_diligence",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Decision::Go => "Go",
            Decision::NoGo => "No-go",
            Decision::MoreDiligence => "More diligence",
        }
    }
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "go" => Some(Decision::Go),
            "no_go" => Some(Decision::NoGo),
            "more_diligence" => Some(Decision::MoreDiligence),
            _ => None,
        }
    }
}

/// What the total suggests under the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// Below the lower threshold: pass on this partner.
    Pass,
    MoreDiligence,
    /// Above the upper threshold: pilot or partner.
    Pilot,
}

/// Scorecard thresholds: below `pass_below` pass; above `pilot_above` pilot; between, more
/// diligence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Thresholds {
    pub pass_below: i64,
    pub pilot_above: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            pass_below: 60,
            pilot_above: 75,
        }
    }
}

impl Thresholds {
    pub fn recommend(self, total: i64) -> Recommendation {
        if total < self.pass_below {
            Recommendation::Pass
        } else if total > self.pilot_above {
            Recommendation::Pilot
        } else {
            Recommendation::MoreDiligence
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScoreLine {
    pub criterion: String,
    pub weight: i64,
    pub must_have: bool,
    /// 1–5, `None` until scored.
    pub score: Option<i64>,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Scorecard {
    /// `None` until first saved.
    pub id: Option<i64>,
    pub prospect_id: i64,
    /// 1 for the first vetting round, 2 after a decided round is reopened, ...
    pub round: i64,
    pub lines: Vec<ScoreLine>,
    /// 0–100 over the scored criteria, weighted; `None` when nothing is scored.
    pub total: Option<i64>,
    /// Every criterion has a score.
    pub complete: bool,
    pub recommendation: Option<Recommendation>,
    pub thresholds: Thresholds,
    /// Must-have criteria scored 1: they block "go" unless overridden with a reason.
    pub blocking: Vec<String>,
    pub decision: Option<Decision>,
    pub decided_on: Option<String>,
    pub decided_by: String,
    pub rationale: String,
    pub override_reason: String,
}

/// Pipeline settings edited in Settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PipelineSettings {
    pub thresholds: Thresholds,
    /// A prospect counts as stuck after this many days in Short-list, Vetting or Negotiating.
    pub stuck_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DecisionInput {
    pub prospect_id: i64,
    pub decision: Decision,
    pub rationale: String,
    /// Needed for "go" while a must-have is scored 1.
    #[serde(default)]
    pub override_reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Note,
    Call,
    Meeting,
    Email,
}

impl ActivityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Note => "note",
            ActivityKind::Call => "call",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Email => "email",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Note => "Note",
            ActivityKind::Call => "Call",
            ActivityKind::Meeting => "Meeting",
            ActivityKind::Email => "Email",
        }
    }
    pub fn parse(s: &str) -> ActivityKind {
        match s {
            "call" => ActivityKind::Call,
            "meeting" => ActivityKind::Meeting,
            "email" => ActivityKind::Email,
            _ => ActivityKind::Note,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Activity {
    pub id: i64,
    pub kind: ActivityKind,
    /// RFC 3339 or a plain day.
    pub occurred_at: String,
    pub subject: String,
    pub body: String,
    pub contact_id: Option<i64>,
    pub contact: String,
    pub follow_up_on: Option<String>,
    pub follow_up_done_at: Option<String>,
    pub created_by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ActivityInput {
    pub prospect_id: i64,
    pub kind: Option<ActivityKind>,
    /// A day (YYYY-MM-DD); empty means today.
    pub occurred_on: String,
    pub subject: String,
    pub body: String,
    pub contact_id: Option<i64>,
    /// A day (YYYY-MM-DD) or empty for none.
    pub follow_up_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ContactRef {
    pub id: i64,
    pub name: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PipelineView {
    pub prospect_id: i64,
    pub name: String,
    pub stage: Stage,
    pub stage_since: String,
    pub stage_reason: String,
    /// The next main-line stage, if any.
    pub next_stage: Option<Stage>,
    /// What to do next, always filled.
    pub guidance: String,
    /// `guidance` as a phrase, for the window's and the dossier's language.
    pub guidance_words: crate::model::words::Phrase,
    /// The user's own next step, as typed on the prospect.
    pub next_step: String,
    pub checklist: Vec<ChecklistItem>,
    pub history: Vec<StageMove>,
    pub scorecard: Scorecard,
    pub activities: Vec<Activity>,
    pub contacts: Vec<ContactRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BoardCard {
    pub id: i64,
    pub name: String,
    pub fit_score: Option<i64>,
    pub next_step: String,
    pub stage_since: String,
    pub decision: Option<Decision>,
    /// Open checklist items of the card's stage.
    pub open_items: i64,
}

/// A stage of the partner funnel: how many prospects are in it now, how many ever got this far
/// (it or a later stage of the main line, by their history), and the share of those that got
/// this far of those that reached the stage before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FunnelStage {
    pub stage: Stage,
    pub now: i64,
    pub reached: i64,
    /// Basis points (4000 = 40 %); None for the first stage, or when none reached the one before.
    pub conversion_bp: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BoardColumn {
    pub stage: Stage,
    /// All the prospects in this stage; `cards` holds the best-fitting `per_column` of them.
    pub total: i64,
    pub cards: Vec<BoardCard>,
}

pub const DEFAULT_STUCK_DAYS: i64 = 30;

/// The default stage-gate checklist (`0001_initial.sql` seeds the English) in each language the
/// book's documents can be written in: (stage, English, German). A book switched to German gets
/// the German label for every default it has not reworded, and back.
pub const DEFAULT_CHECKLIST: [(&str, &str, &str); 15] = [
    (
        "short_list",
        "Offering complements ours (no core overlap)",
        "Angebot ergänzt unseres (keine Überschneidung im Kern)",
    ),
    (
        "short_list",
        "Region and customer size fit",
        "Region und Kundengröße passen",
    ),
    (
        "vetting",
        "NDA signed before sharing customer data",
        "NDA unterzeichnet, bevor Kundendaten geteilt werden",
    ),
    (
        "vetting",
        "References checked that match our situation",
        "Referenzen geprüft, die zu unserer Lage passen",
    ),
    (
        "vetting",
        "Vendor certifications verified",
        "Herstellerzertifizierungen überprüft",
    ),
    (
        "vetting",
        "Financial standing and good standing checked",
        "Finanzlage und Leumund geprüft",
    ),
    (
        "vetting",
        "Litigation and reputation checked",
        "Rechtsstreitigkeiten und Ruf geprüft",
    ),
    (
        "vetting",
        "Security posture and insurance reviewed",
        "Sicherheitslage und Versicherung geprüft",
    ),
    (
        "vetting",
        "Their support channel tested",
        "Ihren Support-Kanal getestet",
    ),
    (
        "vetting",
        "Customer overlap reviewed",
        "Kundenüberschneidung geprüft",
    ),
    (
        "vetting",
        "Culture conversation held",
        "Gespräch zur Unternehmenskultur geführt",
    ),
    (
        "negotiating",
        "Key terms agreed in writing",
        "Wesentliche Bedingungen schriftlich vereinbart",
    ),
    (
        "negotiating",
        "Exit plan written",
        "Ausstiegsplan geschrieben",
    ),
    (
        "active",
        "Agreement signed by both parties",
        "Vereinbarung von beiden Parteien unterzeichnet",
    ),
    (
        "active",
        "First joint review scheduled",
        "Erstes gemeinsames Review geplant",
    ),
];

/// The default vetting scorecard criteria: (English, German). The culture and capacity
/// criteria feed the fit score by these words (`CULTURE_WORDS`, `CAPACITY_WORDS`).
pub const DEFAULT_CRITERIA: [(&str, &str); 8] = [
    ("Complementary offering", "Ergänzendes Angebot"),
    (
        "Certifications and competencies",
        "Zertifizierungen und Kompetenzen",
    ),
    ("References", "Referenzen"),
    ("Financial stability", "Finanzielle Stabilität"),
    ("Security posture", "Sicherheitslage"),
    ("Geographic fit", "Geografische Passung"),
    ("Culture fit", "Kulturelle Passung"),
    ("Capacity to commit resources", "Kapazität für Ressourcen"),
];

/// A scorecard criterion about culture or capacity is found by a word of its name, in any
/// language a book can be in.
pub const CULTURE_WORDS: [&str; 2] = ["culture", "kultur"];
pub const CAPACITY_WORDS: [&str; 2] = ["capacity", "kapazit"];
