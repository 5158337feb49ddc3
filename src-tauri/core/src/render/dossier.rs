//! The partner dossier: one prospect on paper for a vetting meeting — profile, fit explanation,
//! scorecard, checklist status and recent activities.

use chrono::NaiveDate;

use crate::model::domain::{Profile, ProspectDetail};
use crate::model::error::Result;
use crate::model::pipeline::{PipelineView, Recommendation};
use crate::model::words::{Arg, Words};
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
        Recommendation::Pass => "recommend-pass",
        Recommendation::MoreDiligence => "recommend-more_diligence",
        Recommendation::Pilot => "recommend-pilot",
    }
}

fn day(iso: &str) -> &str {
    iso.get(..10).unwrap_or(iso)
}

/// The dossier as of `today` in the language of `w`: its words, dates and numbers.
pub fn document_in(d: &Dossier, today: NaiveDate, w: &Words) -> Result<Vec<u8>> {
    let (detail, view, us, author) = (&d.detail, &d.view, &d.us, &d.author);
    let p = &detail.prospect;
    let t = |id: &str| w.get(id, &[]);
    let name = Arg::Text(&p.name);
    let mut doc = Layout::new(Meta {
        title: w.get("dossier-meta-title", &[("name", Arg::Text(&p.name))]),
        author: author.clone(),
        subject: if us.name.is_empty() {
            t("dossier-meta-subject")
        } else {
            w.get("dossier-meta-subject-for", &[("us", Arg::Text(&us.name))])
        },
        header: w.get("dossier-header", &[("name", name)]),
        footer: String::new(),
        draft: false,
        lang: w.language(),
    })?;
    let stage = w.stage(detail.stage.as_str());
    let since = w.short_date(day(&detail.stage_since));
    let today_said = w.short_date(&today.to_string());
    let subtitle_args = [
        ("stage", Arg::Text(&stage)),
        ("since", Arg::Text(&since)),
        ("score", Arg::Number(detail.fit.score)),
        ("today", Arg::Text(&today_said)),
        ("author", Arg::Text(author)),
    ];
    doc.title(
        &p.name,
        &w.get(
            if author.is_empty() {
                "dossier-subtitle"
            } else {
                "dossier-subtitle-by"
            },
            &subtitle_args,
        ),
    );

    doc.heading(&t("dossier-next-step"), 30.0);
    doc.paragraph(&w.phrase(&view.guidance_words), Weight::Bold, false);
    if !view.next_step.trim().is_empty() {
        doc.paragraph(
            &w.get("dossier-noted", &[("text", Arg::Text(&view.next_step))]),
            Weight::Regular,
            true,
        );
    }

    doc.heading(&t("dossier-profile"), 60.0);
    let join = |v: &[String]| v.join(", ");
    let certs: Vec<String> = d
        .certifications
        .iter()
        .map(|(vendor, cert, expires)| {
            let named = format!("{vendor} {cert}");
            match expires {
                Some(e) => w.get(
                    "dossier-certification-expires",
                    &[
                        ("certification", Arg::Text(&named)),
                        ("date", Arg::Text(&w.short_date(e))),
                    ],
                ),
                None => named,
            }
        })
        .collect();
    let location = [p.city.as_str(), p.country.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let profile_rows = [
        ("dossier-website", p.website.clone()),
        ("dossier-location", location),
        ("dossier-industry", p.industry.clone()),
        (
            "dossier-employees",
            p.employees.map(|e| w.number(e)).unwrap_or_default(),
        ),
        ("dossier-offerings", join(&p.offerings)),
        ("dossier-services", join(&p.services)),
        ("dossier-regions", join(&p.regions)),
        ("dossier-verticals", join(&p.verticals)),
        ("dossier-certifications", certs.join("; ")),
        ("dossier-tags", join(&p.tags)),
        ("dossier-description", p.description.clone()),
    ];
    let labels: Vec<String> = profile_rows.iter().map(|(id, _)| t(id)).collect();
    let rows: Vec<(&str, String)> = labels
        .iter()
        .zip(profile_rows)
        .map(|(label, (_, value))| (label.as_str(), value))
        .collect();
    doc.key_values(&rows);
    if !view.contacts.is_empty() {
        doc.heading(&t("dossier-contacts"), 40.0);
        let rows: Vec<Vec<String>> = view
            .contacts
            .iter()
            .map(|c| vec![c.name.clone(), c.title.clone()])
            .collect();
        doc.table(
            &[&t("dossier-col-name"), &t("dossier-col-title")],
            &[1.0, 1.0],
            &rows,
        );
    }

    doc.heading(&t("dossier-fit"), 60.0);
    doc.paragraph(
        &w.get(
            "dossier-fit-intro",
            &[("score", Arg::Number(detail.fit.score))],
        ),
        Weight::Regular,
        false,
    );
    let rows: Vec<Vec<String>> = detail
        .fit
        .contributions
        .iter()
        .map(|c| {
            let label = w.get(&format!("fit-{}", c.criterion), &[]);
            vec![
                if label.starts_with("fit-") {
                    c.label.clone()
                } else {
                    label
                },
                if c.points == 0.0 {
                    "0".to_string()
                } else {
                    w.decimal(&format!("{:+.1}", c.points))
                },
                format!("{}", c.weight),
                if c.detail_words.key.is_empty() {
                    c.detail.clone()
                } else {
                    w.phrase(&c.detail_words)
                },
            ]
        })
        .collect();
    doc.table(
        &[
            &t("dossier-col-criterion"),
            &t("dossier-col-points"),
            &t("dossier-col-weight"),
            &t("dossier-col-why"),
        ],
        &[1.3, 0.6, 0.6, 3.5],
        &rows,
    );

    let card = &view.scorecard;
    doc.heading(
        &w.get("dossier-scorecard", &[("round", Arg::Number(card.round))]),
        60.0,
    );
    let summary = match card.total {
        Some(total) => {
            let rec = card
                .recommendation
                .map_or_else(|| "—".to_string(), |r| t(recommendation(r)));
            w.get(
                if card.complete {
                    "dossier-scorecard-total"
                } else {
                    "dossier-scorecard-partial"
                },
                &[
                    ("total", Arg::Number(total)),
                    ("recommendation", Arg::Text(&rec)),
                    ("pass", Arg::Number(card.thresholds.pass_below)),
                    ("pilot", Arg::Number(card.thresholds.pilot_above)),
                ],
            )
        }
        None => t("dossier-not-scored"),
    };
    doc.paragraph(&summary, Weight::Regular, false);
    let rows: Vec<Vec<String>> = card
        .lines
        .iter()
        .map(|l| {
            vec![
                l.criterion.clone(),
                t(if l.must_have {
                    "dossier-must-have"
                } else {
                    "dossier-nice-to-have"
                }),
                l.weight.to_string(),
                l.score.map_or("—".into(), |s| format!("{s} / 5")),
                l.evidence.clone(),
            ]
        })
        .collect();
    doc.table(
        &[
            &t("dossier-col-criterion"),
            &t("dossier-col-kind"),
            &t("dossier-col-weight"),
            &t("dossier-col-score"),
            &t("dossier-col-evidence"),
        ],
        &[1.6, 0.9, 0.6, 0.6, 2.5],
        &rows,
    );
    if !card.blocking.is_empty() {
        doc.paragraph(
            &w.get(
                "dossier-blocking",
                &[("criteria", Arg::Text(&card.blocking.join(", ")))],
            ),
            Weight::Bold,
            false,
        );
    }
    match card.decision {
        Some(decision) => {
            let on = card
                .decided_on
                .as_deref()
                .map(|d| w.short_date(d))
                .unwrap_or_default();
            let said = t(&format!("decision-{}", decision.as_str()));
            let value = w.get(
                "dossier-decision-value",
                &[
                    ("decision", Arg::Text(&said)),
                    ("date", Arg::Text(&on)),
                    (
                        "by",
                        Arg::Text(if card.decided_by.is_empty() {
                            "—"
                        } else {
                            &card.decided_by
                        }),
                    ),
                ],
            );
            let (decision_label, rationale_label, override_label) = (
                t("dossier-decision"),
                t("dossier-rationale"),
                t("dossier-override"),
            );
            doc.key_values(&[
                (decision_label.as_str(), value),
                (rationale_label.as_str(), card.rationale.clone()),
                (override_label.as_str(), card.override_reason.clone()),
            ]);
        }
        None => doc.paragraph(&t("dossier-no-decision"), Weight::Regular, true),
    }

    doc.heading(&t("dossier-checklist"), 40.0);
    let rows: Vec<Vec<String>> = view
        .checklist
        .iter()
        .map(|i| {
            vec![
                w.stage(i.stage.as_str()),
                i.label.clone(),
                match &i.done_on {
                    Some(d) if i.done_by.is_empty() => {
                        w.get("dossier-done", &[("date", Arg::Text(&w.short_date(d)))])
                    }
                    Some(d) => w.get(
                        "dossier-done-by",
                        &[
                            ("date", Arg::Text(&w.short_date(d))),
                            ("by", Arg::Text(&i.done_by)),
                        ],
                    ),
                    None => t("dossier-open"),
                },
            ]
        })
        .collect();
    doc.table(
        &[
            &t("dossier-col-stage"),
            &t("dossier-col-item"),
            &t("dossier-col-status"),
        ],
        &[0.8, 2.8, 1.9],
        &rows,
    );

    doc.heading(&t("dossier-activities"), 40.0);
    if view.activities.is_empty() {
        doc.paragraph(&t("dossier-no-activities"), Weight::Regular, true);
    } else {
        let rows: Vec<Vec<String>> = view
            .activities
            .iter()
            .take(15)
            .map(|a| {
                let what = if a.contact.is_empty() {
                    a.subject.clone()
                } else {
                    w.get(
                        "dossier-with",
                        &[
                            ("subject", Arg::Text(&a.subject)),
                            ("contact", Arg::Text(&a.contact)),
                        ],
                    )
                };
                vec![
                    w.short_date(day(&a.occurred_at)),
                    t(&format!("activity-{}", a.kind.as_str())),
                    what,
                    match (&a.follow_up_on, &a.follow_up_done_at) {
                        (Some(_), Some(_)) => t("dossier-follow-up-done"),
                        (Some(d), None) => w.get(
                            "dossier-follow-up-due",
                            &[("date", Arg::Text(&w.short_date(d)))],
                        ),
                        _ => String::new(),
                    },
                ]
            })
            .collect();
        doc.table(
            &[
                &t("dossier-col-date"),
                &t("dossier-col-kind"),
                &t("dossier-col-what"),
                &t("dossier-col-follow-up"),
            ],
            &[0.9, 0.7, 3.2, 1.0],
            &rows,
        );
    }

    doc.heading(&t("dossier-history"), 40.0);
    let rows: Vec<Vec<String>> = view
        .history
        .iter()
        .map(|m| {
            let note = if m.skipped.is_empty() {
                m.note.clone()
            } else {
                w.get(
                    "dossier-skipped",
                    &[
                        ("note", Arg::Text(&m.note)),
                        ("items", Arg::Text(&m.skipped.join("; "))),
                    ],
                )
                .trim()
                .to_string()
            };
            vec![
                w.short_date(day(&m.moved_at)),
                match m.from_stage {
                    Some(f) => {
                        format!("{} → {}", w.stage(f.as_str()), w.stage(m.to_stage.as_str()))
                    }
                    None => w.stage(m.to_stage.as_str()),
                },
                m.moved_by.clone(),
                note,
            ]
        })
        .collect();
    doc.table(
        &[
            &t("dossier-col-date"),
            &t("dossier-col-move"),
            &t("dossier-col-by"),
            &t("dossier-col-note"),
        ],
        &[0.9, 1.7, 1.0, 2.6],
        &rows,
    );
    doc.finish()
}
