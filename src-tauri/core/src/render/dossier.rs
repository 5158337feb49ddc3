//! The partner dossier: one prospect on paper for a vetting meeting — profile, fit explanation,
//! scorecard, checklist status and recent activities.

use chrono::NaiveDate;

use crate::model::domain::{Profile, ProspectDetail};
use crate::model::error::Result;
use crate::model::pipeline::{PipelineView, Recommendation};
use crate::render::pdf::{Layout, Meta, Weight};

/// What the dossier shows, loaded (`ops::dossier`).
pub struct Dossier {
    pub detail: ProspectDetail,
    pub view: PipelineView,
    /// Our profile: the dossier is prepared for our company.
    pub us: Profile,
    /// Who prepares it (Settings).
    pub author: String,
    /// (vendor, certification, expires on)
    pub certifications: Vec<(String, String, Option<String>)>,
}

fn recommendation(r: Recommendation) -> &'static str {
    match r {
        Recommendation::Pass => "pass",
        Recommendation::MoreDiligence => "more diligence",
        Recommendation::Pilot => "pilot or partner",
    }
}

/// The dossier as of `today`, as PDF bytes.
pub fn document(d: &Dossier, today: NaiveDate) -> Result<Vec<u8>> {
    let (detail, view, us, author) = (&d.detail, &d.view, &d.us, &d.author);
    let p = &detail.prospect;
    let mut doc = Layout::new(Meta {
        title: format!("Partner dossier: {}", p.name),
        author: author.clone(),
        subject: format!(
            "Vetting dossier{}",
            if us.name.is_empty() {
                String::new()
            } else {
                format!(" prepared for {}", us.name)
            }
        ),
        header: format!("Partner dossier — {} — confidential", p.name),
        footer: String::new(),
        draft: false,
    })?;
    doc.title(
        &p.name,
        &format!(
            "{} since {} · fit {} / 100 · prepared {}{}",
            detail.stage.label(),
            detail.stage_since.get(..10).unwrap_or(&detail.stage_since),
            detail.fit.score,
            today,
            if author.is_empty() {
                String::new()
            } else {
                format!(" by {author}")
            }
        ),
    );

    doc.heading("Next step", 30.0);
    doc.paragraph(&view.guidance, Weight::Bold, false);
    if !view.next_step.trim().is_empty() {
        doc.paragraph(&format!("Noted: {}", view.next_step), Weight::Regular, true);
    }

    doc.heading("Profile", 60.0);
    let join = |v: &[String]| v.join(", ");
    let certs: Vec<String> = d
        .certifications
        .iter()
        .map(|(vendor, name, expires)| match expires {
            Some(e) => format!("{vendor} {name} (expires {e})"),
            None => format!("{vendor} {name}"),
        })
        .collect();
    doc.key_values(&[
        ("Website", p.website.clone()),
        (
            "Location",
            [p.city.as_str(), p.country.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("Industry", p.industry.clone()),
        (
            "Employees",
            p.employees.map(|e| e.to_string()).unwrap_or_default(),
        ),
        ("Offerings", join(&p.offerings)),
        ("Services", join(&p.services)),
        ("Regions", join(&p.regions)),
        ("Verticals", join(&p.verticals)),
        ("Certifications", certs.join("; ")),
        ("Tags", join(&p.tags)),
        ("Description", p.description.clone()),
    ]);
    if !view.contacts.is_empty() {
        doc.heading("Contacts", 40.0);
        let rows: Vec<Vec<String>> = view
            .contacts
            .iter()
            .map(|c| vec![c.name.clone(), c.title.clone()])
            .collect();
        doc.table(&["Name", "Title"], &[1.0, 1.0], &rows);
    }

    doc.heading("Fit against our profile", 60.0);
    doc.paragraph(
        &format!(
            "Score {} of 100. Each criterion's contribution, from its weight:",
            detail.fit.score
        ),
        Weight::Regular,
        false,
    );
    let rows: Vec<Vec<String>> = detail
        .fit
        .contributions
        .iter()
        .map(|c| {
            vec![
                c.label.clone(),
                if c.points == 0.0 {
                    "0".to_string()
                } else {
                    format!("{:+.1}", c.points)
                },
                format!("{}", c.weight),
                c.detail.clone(),
            ]
        })
        .collect();
    doc.table(
        &["Criterion", "Points", "Weight", "Why"],
        &[1.3, 0.6, 0.6, 3.5],
        &rows,
    );

    let card = &view.scorecard;
    doc.heading(&format!("Vetting scorecard (round {})", card.round), 60.0);
    let summary = match card.total {
        Some(t) => format!(
            "Total {t} of 100{} — suggests {} (below {} pass, above {} pilot or partner).",
            if card.complete {
                ""
            } else {
                " so far (not every criterion scored)"
            },
            card.recommendation.map_or("—", recommendation),
            card.thresholds.pass_below,
            card.thresholds.pilot_above
        ),
        None => "Not scored yet.".to_string(),
    };
    doc.paragraph(&summary, Weight::Regular, false);
    let rows: Vec<Vec<String>> = card
        .lines
        .iter()
        .map(|l| {
            vec![
                l.criterion.clone(),
                if l.must_have {
                    "must-have"
                } else {
                    "nice-to-have"
                }
                .into(),
                l.weight.to_string(),
                l.score.map_or("—".into(), |s| format!("{s} / 5")),
                l.evidence.clone(),
            ]
        })
        .collect();
    doc.table(
        &["Criterion", "Kind", "Weight", "Score", "Evidence"],
        &[1.6, 0.9, 0.6, 0.6, 2.5],
        &rows,
    );
    if !card.blocking.is_empty() {
        doc.paragraph(
            &format!(
                "Must-have scored 1: {} — blocks a go unless overridden in writing.",
                card.blocking.join(", ")
            ),
            Weight::Bold,
            false,
        );
    }
    match card.decision {
        Some(d) => {
            doc.key_values(&[
                (
                    "Decision",
                    format!(
                        "{} on {} by {}",
                        d.label(),
                        card.decided_on.clone().unwrap_or_default(),
                        if card.decided_by.is_empty() {
                            "—"
                        } else {
                            &card.decided_by
                        }
                    ),
                ),
                ("Rationale", card.rationale.clone()),
                ("Override", card.override_reason.clone()),
            ]);
        }
        None => doc.paragraph(
            "No go / no-go decision recorded yet.",
            Weight::Regular,
            true,
        ),
    }

    doc.heading("Stage checklist", 40.0);
    let rows: Vec<Vec<String>> = view
        .checklist
        .iter()
        .map(|i| {
            vec![
                i.stage.label().to_string(),
                i.label.clone(),
                match &i.done_on {
                    Some(d) if i.done_by.is_empty() => format!("done {d}"),
                    Some(d) => format!("done {d} ({})", i.done_by),
                    None => "open".into(),
                },
            ]
        })
        .collect();
    doc.table(&["Stage", "Item", "Status"], &[0.8, 2.8, 1.9], &rows);

    doc.heading("Recent activities", 40.0);
    if view.activities.is_empty() {
        doc.paragraph("None logged yet.", Weight::Regular, true);
    } else {
        let rows: Vec<Vec<String>> = view
            .activities
            .iter()
            .take(15)
            .map(|a| {
                let mut what = a.subject.clone();
                if !a.contact.is_empty() {
                    what = format!("{what} (with {})", a.contact);
                }
                vec![
                    a.occurred_at
                        .get(..10)
                        .unwrap_or(&a.occurred_at)
                        .to_string(),
                    a.kind.label().to_string(),
                    what,
                    match (&a.follow_up_on, &a.follow_up_done_at) {
                        (Some(_), Some(_)) => "done".to_string(),
                        (Some(d), None) => format!("due {d}"),
                        _ => String::new(),
                    },
                ]
            })
            .collect();
        doc.table(
            &["Date", "Kind", "What", "Follow-up"],
            &[0.9, 0.7, 3.2, 1.0],
            &rows,
        );
    }

    doc.heading("Stage history", 40.0);
    let rows: Vec<Vec<String>> = view
        .history
        .iter()
        .map(|m| {
            let mut note = m.note.clone();
            if !m.skipped.is_empty() {
                note = format!("{note} [skipped: {}]", m.skipped.join("; "));
            }
            vec![
                m.moved_at.get(..10).unwrap_or(&m.moved_at).to_string(),
                match m.from_stage {
                    Some(f) => format!("{} → {}", f.label(), m.to_stage.label()),
                    None => m.to_stage.label().to_string(),
                },
                m.moved_by.clone(),
                note,
            ]
        })
        .collect();
    doc.table(
        &["Date", "Move", "By", "Note"],
        &[0.9, 1.7, 1.0, 2.6],
        &rows,
    );
    doc.finish()
}
