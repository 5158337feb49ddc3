//! TypeScript bindings for every type that crosses the IPC, generated from the Rust types.
//! The committed file is `ui/src/lib/bindings.ts`; the shell's `tests/bindings.rs` fails when it drifts
//! (regenerate with `make bindings`).

use ts_rs::{Config, TS};

use crate::model::domain::{
    BookOverview, CheckReport, DemoSummary, Facets, FieldError, Profile, ProspectDetail,
    ProspectInput, ProspectPage, ProspectQuery, ProspectSort, ProspectSummary, Stage, StageCount,
    StageMove,
};
use crate::model::terms::{
    Confidentiality, ConflictRule, CustomerOwnership, EscalationLevel, LeadRegistrationTerms,
    NonSolicitation, Owner, Parties, Party, RelationshipModel, RevenueShare, Schedule, ShareBasis,
    Sla, Support, Term, Terms,
};
use crate::model::words::{DocLanguage, Phrase};
use crate::ops::attention::{AttentionItem, AttentionKind, AttentionPlace, CalendarReport, Words};
use crate::ops::contract::{
    Change, ClauseChange, Comparison, ContractEvent, ContractSummary, ContractVersion, Signatory,
    StatusChange, TermChange, VersionInfo, VersionStatus, WordChange,
};
use crate::ops::import::{
    Field, ImportError, ImportOptions, ImportPreview, ImportReport, StageValue,
};
use crate::ops::pipeline::{
    Activity, ActivityInput, ActivityKind, BoardCard, BoardColumn, ChecklistItem,
    ChecklistTemplateItem, ContactRef, Decision, DecisionInput, FunnelStage, MoveOutcome,
    MoveRequest, PipelineSettings, PipelineView, Recommendation, ScoreLine, Scorecard, Thresholds,
};
use crate::ops::scoring::{FitContribution, FitExplanation, FitWeights};
use crate::ops::search::{SearchHit, SearchStatus};
use crate::ops::selling::{
    InForce, LeadInput, LeadRegistration, LeadStatus, Opportunity, OpportunityInput,
    OpportunityList, OpportunityStage, QuarterFees, Side, StageTotal, Statement, StatementLine,
    StatementTotal,
};
use crate::render::agreement::{ClauseChoice, ClauseInfo, ClauseSelection, CustomClause};

use crate::api::{ApiError, Printed, RestoreDone};
use crate::ops::desktop::{DesktopSettings, Reminder};
use crate::ops::team::{
    Problem, ReviewChoice, ReviewItem, ReviewValue, ReviewVersion, TeamInfo, TeamInvite, TeamStatus,
};

/// The full text of `ui/src/lib/bindings.ts`.
pub fn typescript() -> String {
    // i64 ids and minor units travel as JSON numbers; all stay far below 2^53.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        Stage::decl(&cfg),
        FieldError::decl(&cfg),
        crate::model::error::ErrorCode::decl(&cfg),
        ApiError::decl(&cfg),
        Profile::decl(&cfg),
        ProspectSummary::decl(&cfg),
        ProspectQuery::decl(&cfg),
        ProspectPage::decl(&cfg),
        StageCount::decl(&cfg),
        BookOverview::decl(&cfg),
        DemoSummary::decl(&cfg),
        CheckReport::decl(&cfg),
        ProspectSort::decl(&cfg),
        ProspectInput::decl(&cfg),
        StageMove::decl(&cfg),
        ProspectDetail::decl(&cfg),
        FitWeights::decl(&cfg),
        FitContribution::decl(&cfg),
        FitExplanation::decl(&cfg),
        SearchHit::decl(&cfg),
        SearchStatus::decl(&cfg),
        Field::decl(&cfg),
        ImportError::decl(&cfg),
        ImportReport::decl(&cfg),
        ImportOptions::decl(&cfg),
        ImportPreview::decl(&cfg),
        StageValue::decl(&cfg),
        Facets::decl(&cfg),
        crate::model::geo::RegionOption::decl(&cfg),
        ChecklistItem::decl(&cfg),
        ChecklistTemplateItem::decl(&cfg),
        MoveRequest::decl(&cfg),
        MoveOutcome::decl(&cfg),
        Decision::decl(&cfg),
        Recommendation::decl(&cfg),
        Thresholds::decl(&cfg),
        ScoreLine::decl(&cfg),
        Scorecard::decl(&cfg),
        PipelineSettings::decl(&cfg),
        DecisionInput::decl(&cfg),
        ActivityKind::decl(&cfg),
        Activity::decl(&cfg),
        ActivityInput::decl(&cfg),
        ContactRef::decl(&cfg),
        PipelineView::decl(&cfg),
        BoardCard::decl(&cfg),
        FunnelStage::decl(&cfg),
        BoardColumn::decl(&cfg),
        AttentionKind::decl(&cfg),
        AttentionPlace::decl(&cfg),
        DocLanguage::decl(&cfg),
        Phrase::decl(&cfg),
        Words::decl(&cfg),
        AttentionItem::decl(&cfg),
        CalendarReport::decl(&cfg),
        Party::decl(&cfg),
        Parties::decl(&cfg),
        RelationshipModel::decl(&cfg),
        ConflictRule::decl(&cfg),
        Owner::decl(&cfg),
        ShareBasis::decl(&cfg),
        Schedule::decl(&cfg),
        LeadRegistrationTerms::decl(&cfg),
        CustomerOwnership::decl(&cfg),
        RevenueShare::decl(&cfg),
        NonSolicitation::decl(&cfg),
        Confidentiality::decl(&cfg),
        EscalationLevel::decl(&cfg),
        Sla::decl(&cfg),
        Support::decl(&cfg),
        Term::decl(&cfg),
        Terms::decl(&cfg),
        ClauseChoice::decl(&cfg),
        CustomClause::decl(&cfg),
        ClauseSelection::decl(&cfg),
        ClauseInfo::decl(&cfg),
        VersionStatus::decl(&cfg),
        ContractSummary::decl(&cfg),
        Signatory::decl(&cfg),
        StatusChange::decl(&cfg),
        ContractEvent::decl(&cfg),
        ContractVersion::decl(&cfg),
        VersionInfo::decl(&cfg),
        TermChange::decl(&cfg),
        Change::decl(&cfg),
        WordChange::decl(&cfg),
        ClauseChange::decl(&cfg),
        Comparison::decl(&cfg),
        Printed::decl(&cfg),
        OpportunityStage::decl(&cfg),
        Side::decl(&cfg),
        Opportunity::decl(&cfg),
        OpportunityInput::decl(&cfg),
        StageTotal::decl(&cfg),
        OpportunityList::decl(&cfg),
        LeadStatus::decl(&cfg),
        LeadRegistration::decl(&cfg),
        LeadInput::decl(&cfg),
        InForce::decl(&cfg),
        StatementLine::decl(&cfg),
        StatementTotal::decl(&cfg),
        QuarterFees::decl(&cfg),
        Statement::decl(&cfg),
        RestoreDone::decl(&cfg),
        DesktopSettings::decl(&cfg),
        Reminder::decl(&cfg),
        TeamInfo::decl(&cfg),
        TeamInvite::decl(&cfg),
        TeamStatus::decl(&cfg),
        ReviewValue::decl(&cfg),
        ReviewVersion::decl(&cfg),
        ReviewItem::decl(&cfg),
        ReviewChoice::decl(&cfg),
        Problem::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/core/src/bindings.rs. Do not edit: run `make bindings`.\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    // Each command's arguments and result, for `api.ts`'s typed `call`.
    out.push('\n');
    out.push_str(&crate::api::typescript_commands(&cfg));
    out
}
