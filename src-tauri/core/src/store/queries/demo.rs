//! The sample alliance book (`allybook demo`, "Load sample data"), written straight into the
//! tables: a realistic Munich MSP with about thirty prospects across the pipeline, so a newcomer
//! sees every screen at work. Dates are relative to the day it is loaded, so follow-ups and
//! renewals are always current.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Transaction};
use serde_json::json;

use crate::model::domain::{DemoSummary, Profile, Stage};
use crate::model::error::{Error, Result};
use crate::model::normalize;
use crate::store::queries::prospects::insert_prospect;
use crate::store::queries::settings::set_setting;

struct Partner {
    name: &'static str,
    website: &'static str,
    city: &'static str,
    country: &'static str,
    industry: &'static str,
    employees: i64,
    stage: Stage,
    /// Days in the current stage.
    dwell: u64,
    regions: &'static [&'static str],
    verticals: &'static [&'static str],
    offerings: &'static [&'static str],
    /// (vendor, certification, expires in days from today)
    certs: &'static [(&'static str, &'static str, i64)],
    contact: (&'static str, &'static str, &'static str),
    next_step: &'static str,
    description: &'static str,
}

use Stage::*;

const PARTNERS: &[Partner] = &[
    Partner {
        name: "Bastion SecOps Ltd",
        website: "https://www.bastion-secops.example",
        city: "Manchester",
        country: "United Kingdom",
        industry: "Managed security",
        employees: 85,
        stage: Active,
        dwell: 140,
        regions: &["UK", "DACH"],
        verticals: &["Healthcare", "Manufacturing"],
        offerings: &["Managed detection and response", "24/7 SOC"],
        certs: &[
            ("Microsoft", "Security Solutions Partner", 210),
            ("Fortinet", "Expert Partner", 45),
        ],
        contact: (
            "Priya Raman",
            "Head of Partnerships",
            "priya.raman@bastion-secops.example",
        ),
        next_step: "Quarterly review of joint pipeline",
        description: "MDR and SOC provider with a German-speaking night shift.",
    },
    Partner {
        name: "Müller Netzwerktechnik GmbH",
        website: "mueller-netz.example",
        city: "Augsburg",
        country: "Germany",
        industry: "Network integration",
        employees: 60,
        stage: Negotiating,
        dwell: 18,
        regions: &["Bavaria", "DACH"],
        verticals: &["Manufacturing", "Logistics"],
        offerings: &["Cisco networking", "Wi-Fi surveys", "SD-WAN"],
        certs: &[
            ("Cisco", "Gold Integrator", 300),
            ("Cisco", "CCIE Enterprise (2 staff)", 25),
        ],
        contact: (
            "Jürgen Müller",
            "Managing Director",
            "j.mueller@mueller-netz.example",
        ),
        next_step: "Send revised draft terms (v2) for the lead-registration clause",
        description: "Cisco Gold integrator; strong on factory-floor networks.",
    },
    Partner {
        name: "Årdal Sikkerhet AS",
        website: "https://ardal-sikkerhet.example/en",
        city: "Bergen",
        country: "Norway",
        industry: "Managed security",
        employees: 40,
        stage: Vetting,
        dwell: 12,
        regions: &["Nordics"],
        verticals: &["Energy", "Public sector"],
        offerings: &["Penetration testing", "OT security"],
        certs: &[("CREST", "Penetration Testing", 120)],
        contact: ("Ingrid Årdal", "CEO", "ingrid@ardal-sikkerhet.example"),
        next_step: "Check two references in manufacturing",
        description: "OT security specialists for energy and utilities.",
    },
    Partner {
        name: "Infogérance Lyonnaise SAS",
        website: "infogerance-lyon.example",
        city: "Lyon",
        country: "France",
        industry: "Managed services",
        employees: 120,
        stage: ShortList,
        dwell: 9,
        regions: &["France", "Switzerland"],
        verticals: &["Retail", "Healthcare"],
        offerings: &["Backup and disaster recovery", "Managed print"],
        certs: &[("Veeam", "Gold ProPartner", 190)],
        contact: (
            "Amélie Rousseau",
            "Directrice commerciale",
            "a.rousseau@infogerance-lyon.example",
        ),
        next_step: "Book an intro call",
        description: "Backup and DR for French-speaking customers.",
    },
    Partner {
        name: "Σύμβουλοι Δικτύων Α.Ε.",
        website: "https://symvouloi-diktyon.example",
        city: "Athens",
        country: "Greece",
        industry: "Network integration",
        employees: 35,
        stage: LongList,
        dwell: 30,
        regions: &["Greece", "Cyprus"],
        verticals: &["Shipping", "Hospitality"],
        offerings: &["Cisco networking", "Maritime connectivity"],
        certs: &[("Cisco", "Premier Integrator", 400)],
        contact: (
            "Νίκος Παπαδόπουλος",
            "Technical Director",
            "n.papadopoulos@symvouloi-diktyon.example",
        ),
        next_step: "Research shipping customers in common",
        description: "Network integrator for shipping companies in Piraeus.",
    },
    Partner {
        name: "東京ネットワーク株式会社",
        website: "tokyo-network.example",
        city: "Tokyo",
        country: "Japan",
        industry: "Network integration",
        employees: 230,
        stage: LongList,
        dwell: 50,
        regions: &["Japan", "APAC"],
        verticals: &["Manufacturing", "Automotive"],
        offerings: &["SD-WAN", "Cisco networking"],
        certs: &[("Cisco", "Gold Integrator", 150)],
        contact: (
            "佐藤 健",
            "Alliance Manager",
            "k.sato@tokyo-network.example",
        ),
        next_step: "Ask about German subsidiaries of Japanese automotive customers",
        description: "Serves Japanese manufacturers with plants in Europe.",
    },
    Partner {
        name: "Киберщит ООО",
        website: "kibershchit.example",
        city: "Riga",
        country: "Latvia",
        industry: "Managed security",
        employees: 25,
        stage: Ended,
        dwell: 200,
        regions: &["Baltics"],
        verticals: &["Finance"],
        offerings: &["Managed detection and response"],
        certs: &[],
        contact: ("Андрей Козлов", "Director", "a.kozlov@kibershchit.example"),
        next_step: "",
        description: "Ended: could not evidence insurance cover.",
    },
    Partner {
        name: "Čapek Cloud s.r.o.",
        website: "capek-cloud.example",
        city: "Brno",
        country: "Czechia",
        industry: "Cloud services",
        employees: 55,
        stage: Vetting,
        dwell: 35,
        regions: &["Czechia", "Slovakia", "Austria"],
        verticals: &["Manufacturing"],
        offerings: &["Azure migration", "Managed Kubernetes"],
        certs: &[
            ("Microsoft", "Azure Expert MSP", 50),
            ("HashiCorp", "Terraform Associate (4 staff)", 300),
        ],
        contact: ("Tomáš Čapek", "Founder", "tomas@capek-cloud.example"),
        next_step: "Hold the culture conversation with their delivery lead",
        description: "Azure and Kubernetes; would overlap our Microsoft practice in part.",
    },
    Partner {
        name: "Niño Sistemas S.L.",
        website: "nino-sistemas.example",
        city: "Valencia",
        country: "Spain",
        industry: "IT services",
        employees: 70,
        stage: ShortList,
        dwell: 21,
        regions: &["Spain", "Portugal"],
        verticals: &["Hospitality", "Retail"],
        offerings: &["Managed Wi-Fi", "POS support"],
        certs: &[("Aruba", "Gold Partner", 80)],
        contact: (
            "Lucía Niño",
            "Socia directora",
            "lucia@nino-sistemas.example",
        ),
        next_step: "Compare customer lists for overlap",
        description: "Hospitality networks across Spanish hotel chains.",
    },
    Partner {
        name: "Alpenblick IT-Sicherheit GmbH",
        website: "www.alpenblick-sec.example",
        city: "Innsbruck",
        country: "Austria",
        industry: "Managed security",
        employees: 30,
        stage: Vetting,
        dwell: 6,
        regions: &["Austria", "Bavaria"],
        verticals: &["Tourism", "Public sector"],
        offerings: &["Security awareness training", "vCISO"],
        certs: &[("ISO", "27001 Lead Auditor (2 staff)", 500)],
        contact: (
            "Sophie Gruber",
            "Geschäftsführerin",
            "s.gruber@alpenblick-sec.example",
        ),
        next_step: "Verify their ISO 27001 lead-auditor certificates",
        description: "vCISO and awareness training for Tyrolean SMEs.",
    },
    Partner {
        name: "Northgate Backup Co.",
        website: "northgate-backup.example",
        city: "Leeds",
        country: "United Kingdom",
        industry: "Backup and recovery",
        employees: 18,
        stage: LongList,
        dwell: 14,
        regions: &["UK"],
        verticals: &["Legal", "Accounting"],
        offerings: &["Backup and disaster recovery"],
        certs: &[("Veeam", "Silver ProPartner", 30)],
        contact: ("Tom Whitaker", "Owner", "tom@northgate-backup.example"),
        next_step: "Look up their Veeam partner listing",
        description: "Small backup specialist for law firms.",
    },
    Partner {
        name: "Rheinwerk OT Solutions AG",
        website: "rheinwerk-ot.example",
        city: "Cologne",
        country: "Germany",
        industry: "Industrial IoT",
        employees: 140,
        stage: ShortList,
        dwell: 40,
        regions: &["DACH", "Benelux"],
        verticals: &["Manufacturing", "Chemicals"],
        offerings: &["OT security", "Industrial IoT"],
        certs: &[
            ("Siemens", "Solution Partner Automation", 220),
            ("Claroty", "Certified Partner", 70),
        ],
        contact: (
            "Dr. Katrin Vogel",
            "Head of Alliances",
            "k.vogel@rheinwerk-ot.example",
        ),
        next_step: "Move to vetting after the trade-fair meeting",
        description: "OT security and IIoT for chemical plants.",
    },
    Partner {
        name: "Brightpath Voice Ltd",
        website: "brightpath-voice.example",
        city: "Dublin",
        country: "Ireland",
        industry: "Unified communications",
        employees: 45,
        stage: LongList,
        dwell: 8,
        regions: &["Ireland", "UK"],
        verticals: &["Contact centres"],
        offerings: &["Teams Phone", "Contact centre"],
        certs: &[("Microsoft", "Teams Phone specialisation", 260)],
        contact: (
            "Aoife Byrne",
            "Partner Manager",
            "aoife.byrne@brightpath-voice.example",
        ),
        next_step: "Ask for a Teams Phone reference",
        description: "Teams Phone and contact-centre integrator.",
    },
    Partner {
        name: "Lindqvist Data AB",
        website: "lindqvist-data.example",
        city: "Gothenburg",
        country: "Sweden",
        industry: "Data and analytics",
        employees: 28,
        stage: LongList,
        dwell: 60,
        regions: &["Nordics"],
        verticals: &["Logistics"],
        offerings: &["Power BI", "Data platforms"],
        certs: &[("Microsoft", "Data & AI Solutions Partner", 330)],
        contact: ("Erik Lindqvist", "CTO", "erik@lindqvist-data.example"),
        next_step: "",
        description: "Power BI and Fabric specialists.",
    },
    Partner {
        name: "Oakridge Print Services",
        website: "oakridge-print.example",
        city: "Bristol",
        country: "United Kingdom",
        industry: "Managed print",
        employees: 22,
        stage: LongList,
        dwell: 3,
        regions: &["UK"],
        verticals: &["Education"],
        offerings: &["Managed print"],
        certs: &[],
        contact: ("Gareth Price", "Director", "gareth@oakridge-print.example"),
        next_step: "",
        description: "Managed print for schools.",
    },
    Partner {
        name: "Vltava Network Services",
        website: "vltava-net.example",
        city: "Prague",
        country: "Czechia",
        industry: "Network integration",
        employees: 90,
        stage: LongList,
        dwell: 20,
        regions: &["Czechia", "Germany"],
        verticals: &["Manufacturing"],
        offerings: &["Cisco networking", "Managed LAN"],
        certs: &[("Cisco", "Select Integrator", 12)],
        contact: (
            "Petra Nováková",
            "Sales Director",
            "petra.novakova@vltava-net.example",
        ),
        next_step: "Check Cisco certification renewal",
        description: "Managed LAN for plants near the German border.",
    },
    Partner {
        name: "Hafen Cyber Defence GmbH",
        website: "hafen-cyber.example",
        city: "Hamburg",
        country: "Germany",
        industry: "Managed security",
        employees: 110,
        stage: Paused,
        dwell: 75,
        regions: &["Germany"],
        verticals: &["Logistics", "Maritime"],
        offerings: &["24/7 SOC", "Incident response"],
        certs: &[("Microsoft", "Security Solutions Partner", 180)],
        contact: (
            "Jan Petersen",
            "Partner Lead",
            "jan.petersen@hafen-cyber.example",
        ),
        next_step: "Resume after their acquisition closes",
        description: "Paused: being acquired; revisit next quarter.",
    },
    Partner {
        name: "Sunbridge Cloud Partners",
        website: "sunbridge-cloud.example",
        city: "Amsterdam",
        country: "Netherlands",
        industry: "Cloud services",
        employees: 65,
        stage: Paused,
        dwell: 30,
        regions: &["Benelux"],
        verticals: &["Finance"],
        offerings: &["AWS migration"],
        certs: &[("AWS", "Advanced Tier Services", 95)],
        contact: ("Daan de Vries", "Alliances", "daan@sunbridge-cloud.example"),
        next_step: "Wait for their AWS/Azure strategy decision",
        description: "AWS house considering an Azure practice.",
    },
    Partner {
        name: "Kessler Facility IT KG",
        website: "kessler-fit.example",
        city: "Stuttgart",
        country: "Germany",
        industry: "Facility IT",
        employees: 48,
        stage: LongList,
        dwell: 11,
        regions: &["Baden-Württemberg"],
        verticals: &["Real estate"],
        offerings: &["Building automation networks"],
        certs: &[],
        contact: ("Markus Kessler", "Inhaber", "m.kessler@kessler-fit.example"),
        next_step: "",
        description: "Networks for smart buildings.",
    },
    Partner {
        name: "Zürichsee Compliance AG",
        website: "zuerichsee-compliance.example",
        city: "Zurich",
        country: "Switzerland",
        industry: "Compliance consulting",
        employees: 15,
        stage: ShortList,
        dwell: 5,
        regions: &["Switzerland"],
        verticals: &["Finance", "Healthcare"],
        offerings: &["ISO 27001 readiness", "NIS2 consulting"],
        certs: &[("ISO", "27001 Lead Implementer (3 staff)", 400)],
        contact: (
            "Beat Zürcher",
            "Partner",
            "beat@zuerichsee-compliance.example",
        ),
        next_step: "Short-list review with our security lead",
        description: "NIS2 and ISO 27001 readiness for Swiss SMEs.",
    },
    Partner {
        name: "Pannonia Systems Kft.",
        website: "pannonia-sys.example",
        city: "Budapest",
        country: "Hungary",
        industry: "IT services",
        employees: 80,
        stage: LongList,
        dwell: 25,
        regions: &["Hungary", "Austria"],
        verticals: &["Automotive"],
        offerings: &["Service desk", "Field services"],
        certs: &[("ITIL", "ITIL 4 (12 staff)", 700)],
        contact: (
            "Zsófia Kovács",
            "Business Development",
            "zsofia.kovacs@pannonia-sys.example",
        ),
        next_step: "",
        description: "Multilingual service desk.",
    },
    Partner {
        name: "Greenfield Field Engineers",
        website: "greenfield-fe.example",
        city: "Birmingham",
        country: "United Kingdom",
        industry: "Field services",
        employees: 150,
        stage: LongList,
        dwell: 2,
        regions: &["UK"],
        verticals: &["Retail"],
        offerings: &["Field services", "Smart hands"],
        certs: &[],
        contact: (
            "Nadia Hussain",
            "Commercial Manager",
            "nadia.hussain@greenfield-fe.example",
        ),
        next_step: "",
        description: "Smart hands across the UK.",
    },
    Partner {
        name: "Baltic Bridge IT",
        website: "balticbridge-it.example",
        city: "Gdańsk",
        country: "Poland",
        industry: "Managed services",
        employees: 95,
        stage: ShortList,
        dwell: 16,
        regions: &["Poland", "Germany"],
        verticals: &["Logistics"],
        offerings: &["Microsoft 365 managed services", "Service desk"],
        certs: &[("Microsoft", "Modern Work Solutions Partner", 240)],
        contact: (
            "Paweł Wiśniewski",
            "Alliances Director",
            "p.wisniewski@balticbridge-it.example",
        ),
        next_step: "Assess overlap: they also sell Microsoft 365",
        description: "Near-shore service desk; overlaps our Microsoft 365 core.",
    },
    Partner {
        name: "Montaña Redes S.A.",
        website: "montana-redes.example",
        city: "Bilbao",
        country: "Spain",
        industry: "Network integration",
        employees: 52,
        stage: LongList,
        dwell: 33,
        regions: &["Spain"],
        verticals: &["Manufacturing"],
        offerings: &["Cisco networking"],
        certs: &[("Cisco", "Select Integrator", 200)],
        contact: (
            "Iñaki Etxeberria",
            "Director técnico",
            "inaki@montana-redes.example",
        ),
        next_step: "",
        description: "Cisco networks for Basque manufacturers.",
    },
    Partner {
        name: "Fjord Identity AS",
        website: "fjord-identity.example",
        city: "Oslo",
        country: "Norway",
        industry: "Identity and access",
        employees: 20,
        stage: Vetting,
        dwell: 48,
        regions: &["Nordics", "DACH"],
        verticals: &["Public sector"],
        offerings: &["Identity governance", "Entra ID"],
        certs: &[(
            "Microsoft",
            "Identity and Access Management specialisation",
            55,
        )],
        contact: (
            "Sigrid Haugen",
            "Principal Consultant",
            "sigrid@fjord-identity.example",
        ),
        next_step: "Decide go/no-go: stuck in vetting for seven weeks",
        description: "Identity governance specialists.",
    },
    Partner {
        name: "Danube Data Centres GmbH",
        website: "danube-dc.example",
        city: "Vienna",
        country: "Austria",
        industry: "Colocation",
        employees: 75,
        stage: Negotiating,
        dwell: 40,
        regions: &["Austria", "CEE"],
        verticals: &["Finance"],
        offerings: &["Colocation", "Private cloud"],
        certs: &[("ISO", "27001", 160)],
        contact: (
            "Lena Hofer",
            "Channel Manager",
            "lena.hofer@danube-dc.example",
        ),
        next_step: "Agree the revenue share floor",
        description: "Colocation and private cloud in Vienna.",
    },
    Partner {
        name: "Clearwater SD-WAN Ltd",
        website: "clearwater-sdwan.example",
        city: "Edinburgh",
        country: "United Kingdom",
        industry: "Network integration",
        employees: 38,
        stage: Negotiating,
        dwell: 10,
        regions: &["UK", "Ireland"],
        verticals: &["Retail"],
        offerings: &["SD-WAN", "Managed firewall"],
        certs: &[("Fortinet", "Advanced Partner", 20)],
        contact: (
            "Fiona MacLeod",
            "Managing Director",
            "fiona@clearwater-sdwan.example",
        ),
        next_step: "Share the NDA before customer lists",
        description: "Fortinet SD-WAN for retail chains.",
    },
    Partner {
        name: "Atlas Managed Print & Docs",
        website: "atlas-docs.example",
        city: "Frankfurt",
        country: "Germany",
        industry: "Document management",
        employees: 33,
        stage: Active,
        dwell: 260,
        regions: &["Germany"],
        verticals: &["Legal", "Public sector"],
        offerings: &["Document management", "Managed print"],
        certs: &[("DocuWare", "Authorised Partner", 40)],
        contact: ("Holger Brandt", "Vertrieb", "h.brandt@atlas-docs.example"),
        next_step: "Renewal talk before notice date",
        description: "DocuWare partner; long-standing referral partner.",
    },
    Partner {
        name: "Porto Digital Lda.",
        website: "porto-digital.example",
        city: "Porto",
        country: "Portugal",
        industry: "Software development",
        employees: 120,
        stage: LongList,
        dwell: 45,
        regions: &["Portugal"],
        verticals: &["Retail"],
        offerings: &["Power Platform", "Custom apps"],
        certs: &[(
            "Microsoft",
            "Digital & App Innovation Solutions Partner",
            310,
        )],
        contact: (
            "João Ferreira",
            "Partnerships",
            "joao.ferreira@porto-digital.example",
        ),
        next_step: "",
        description: "Power Platform developers.",
    },
    Partner {
        name: "Helvetic Backup SA",
        website: "helvetic-backup.example",
        city: "Lausanne",
        country: "Switzerland",
        industry: "Backup and recovery",
        employees: 26,
        stage: Active,
        dwell: 90,
        regions: &["Switzerland"],
        verticals: &["Healthcare"],
        offerings: &["Backup and disaster recovery", "Immutable storage"],
        certs: &[("Veeam", "Platinum ProPartner", 365)],
        contact: (
            "Céline Favre",
            "Directrice",
            "celine.favre@helvetic-backup.example",
        ),
        next_step: "Register the Clinique du Lac lead",
        description: "Swiss-hosted immutable backup.",
    },
];

fn day(today: NaiveDate, offset: i64) -> String {
    let d = if offset >= 0 {
        today.checked_add_days(Days::new(offset as u64))
    } else {
        today.checked_sub_days(Days::new(offset.unsigned_abs()))
    };
    d.unwrap_or(today).format("%Y-%m-%d").to_string()
}

fn instant(today: NaiveDate, offset: i64, hour: u32) -> String {
    format!("{}T{hour:02}:00:00Z", day(today, offset))
}

/// The stages a partner passed through to reach `stage`, in order.
fn path_to(stage: Stage) -> &'static [Stage] {
    match stage {
        LongList => &[LongList],
        ShortList => &[LongList, ShortList],
        Vetting => &[LongList, ShortList, Vetting],
        Negotiating => &[LongList, ShortList, Vetting, Negotiating],
        Active => &[LongList, ShortList, Vetting, Negotiating, Active],
        Paused => &[LongList, ShortList, Vetting, Paused],
        Ended => &[LongList, ShortList, Vetting, Ended],
    }
}

/// Writes the sample book dated from `today` into an empty book (the caller checks it is
/// empty, and re-scores afterwards); what it wrote.
pub fn write(tx: &Transaction<'_>, today: NaiveDate) -> Result<DemoSummary> {
    let us = "Anna Weber";
    crate::store::queries::profile::write_profile(tx, &our_profile())?;
    set_setting(tx, crate::store::queries::settings::SETTING_USER_NAME, us)?;

    let mut ids = Vec::new();
    for (i, p) in PARTNERS.iter().enumerate() {
        let id = insert_prospect(tx, p.name, p.website, LongList, "demo")?;
        ids.push(id);
        tx.execute(
            "UPDATE prospect SET city = ?2, country = ?3, industry = ?4, employees = ?5,
                    description = ?6, next_step = ?7, created_at = ?8
             WHERE id = ?1",
            params![
                id,
                p.city,
                p.country,
                p.industry,
                p.employees,
                p.description,
                p.next_step,
                instant(today, -(p.dwell as i64) - 60, 9)
            ],
        )?;
        // Walk the pipeline: 14 days per earlier stage, then `dwell` days in the current one.
        let path = path_to(p.stage);
        tx.execute(
            "UPDATE stage_move SET moved_at = ?2 WHERE prospect_id = ?1",
            params![
                id,
                instant(today, -(p.dwell as i64) - 14 * (path.len() as i64 - 1), 9)
            ],
        )?;
        for (step, pair) in path.windows(2).enumerate() {
            let back = p.dwell as i64 + 14 * (path.len() as i64 - 2 - step as i64);
            let note = match pair[1] {
                Paused | Ended => p.description,
                Vetting => "Complements our gaps; start due diligence",
                Negotiating => "Scorecard says go",
                Active => "Agreement signed",
                _ => "Fits our region and customer size",
            };
            tx.execute(
                "INSERT INTO stage_move (prospect_id, from_stage, to_stage, moved_at, moved_by, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, pair[0], pair[1], instant(today, -back, 10), us, note],
            )?;
        }
        let reason = if matches!(p.stage, Paused | Ended) {
            p.description
        } else {
            ""
        };
        tx.execute(
            "UPDATE prospect SET stage = ?2, stage_since = ?3, stage_reason = ?4 WHERE id = ?1",
            params![id, p.stage, instant(today, -(p.dwell as i64), 10), reason],
        )?;
        let mut item =
            tx.prepare_cached("INSERT OR IGNORE INTO prospect_item VALUES (?1, ?2, ?3)")?;
        for (kind, values) in [
            ("region", p.regions),
            ("vertical", p.verticals),
            ("offering", p.offerings),
        ] {
            for v in values {
                item.execute(params![id, kind, v])?;
            }
        }
        for (vendor, name, expires) in p.certs {
            tx.execute(
                "INSERT INTO certification (prospect_id, vendor, name, expires_on, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id,
                    vendor,
                    name,
                    day(today, *expires),
                    crate::store::queries::settings::now()
                ],
            )?;
        }
        let (cname, title, email) = p.contact;
        tx.execute(
            "INSERT INTO contact (prospect_id, name, title, email, role, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'owner', ?5, ?5)",
            params![
                id,
                cname,
                title,
                email,
                crate::store::queries::settings::now()
            ],
        )?;
        let contact_id = tx.last_insert_rowid();
        write_activities(tx, today, id, contact_id, p, i, us)?;
        write_vetting(tx, today, id, p, i, us)?;
    }

    let id_of = |name: &str| -> Result<i64> {
        PARTNERS
            .iter()
            .position(|p| p.name == name)
            .map(|i| ids[i])
            .ok_or_else(|| Error::NotFound {
                what: format!("sample partner {name}"),
            })
    };
    let bastion = id_of("Bastion SecOps Ltd")?;
    let mueller = id_of("Müller Netzwerktechnik GmbH")?;
    let helvetic = id_of("Helvetic Backup SA")?;
    let atlas = id_of("Atlas Managed Print & Docs")?;

    // Contracts: Bastion with a signed v1 and an active v2 that raised the share (a change of
    // terms mid-year); Atlas with a renewal coming up; Müller still in draft.
    let bastion_contract =
        insert_contract(tx, bastion, "Referral and co-sell agreement", today, -170)?;
    insert_version(
        tx,
        bastion_contract,
        1,
        "signed",
        &terms("Bastion SecOps Ltd", 1000, "EUR", 90),
        day(today, -160),
        day(today, 205),
        90,
        Some(day(today, -162)),
        today,
        -170,
    )?;
    insert_version(
        tx,
        bastion_contract,
        2,
        "active",
        &terms("Bastion SecOps Ltd", 1200, "EUR", 90),
        day(today, -60),
        day(today, 305),
        90,
        Some(day(today, -61)),
        today,
        -65,
    )?;
    let atlas_contract = insert_contract(tx, atlas, "Referral agreement", today, -380)?;
    insert_version(
        tx,
        atlas_contract,
        1,
        "active",
        &terms("Atlas Managed Print & Docs", 800, "EUR", 60),
        day(today, -365),
        day(today, 75),
        60,
        Some(day(today, -366)),
        today,
        -380,
    )?;
    let helvetic_contract = insert_contract(tx, helvetic, "Resell agreement", today, -95)?;
    insert_version(
        tx,
        helvetic_contract,
        1,
        "signed",
        &terms("Helvetic Backup SA", 1500, "CHF", 120),
        day(today, -88),
        day(today, 642),
        90,
        Some(day(today, -89)),
        today,
        -95,
    )?;
    let mueller_contract = insert_contract(tx, mueller, "Subcontract agreement", today, -15)?;
    insert_version(
        tx,
        mueller_contract,
        1,
        "draft",
        &terms("Müller Netzwerktechnik GmbH", 1000, "EUR", 60),
        day(today, 30),
        day(today, 395),
        90,
        None,
        today,
        -15,
    )?;
    insert_version(
        tx,
        mueller_contract,
        2,
        "draft",
        &terms("Müller Netzwerktechnik GmbH", 1100, "EUR", 90),
        day(today, 30),
        day(today, 395),
        90,
        None,
        today,
        -3,
    )?;

    // Joint opportunities in every stage; Bastion's won deals fall on both sides of the
    // change of terms (10% before day -60, 12% after).
    let deal = |partner, contract, customer, what, value_minor, currency, stage| Deal {
        partner,
        contract,
        customer,
        what,
        value_minor,
        currency,
        stage,
        close_in: 30,
        closed: None,
        led_by: "us",
        lost_reason: "",
    };
    let deals = [
        Deal {
            closed: Some(-100),
            ..deal(
                bastion,
                Some(bastion_contract),
                "Klinikum Oberland",
                "MDR for 1,200 endpoints",
                8_640_000,
                "EUR",
                "won",
            )
        },
        Deal {
            closed: Some(-30),
            led_by: "partner",
            ..deal(
                bastion,
                Some(bastion_contract),
                "Weber Präzisionsteile GmbH",
                "SOC onboarding and 24/7 monitoring",
                5_400_000,
                "EUR",
                "won",
            )
        },
        Deal {
            close_in: 25,
            ..deal(
                bastion,
                Some(bastion_contract),
                "Stadtwerke Isartal",
                "Incident response retainer",
                1_800_000,
                "EUR",
                "proposal",
            )
        },
        Deal {
            close_in: 60,
            led_by: "partner",
            ..deal(
                mueller,
                Some(mueller_contract),
                "Brauerei Zugspitze",
                "Factory Wi-Fi and segmentation",
                9_750_000,
                "EUR",
                "qualified",
            )
        },
        Deal {
            close_in: 120,
            ..deal(
                mueller,
                None,
                "Alpen Logistik AG",
                "SD-WAN for 14 depots",
                12_000_000,
                "EUR",
                "identified",
            )
        },
        Deal {
            close_in: 40,
            led_by: "partner",
            ..deal(
                helvetic,
                Some(helvetic_contract),
                "Clinique du Lac SA",
                "Immutable backup for PACS",
                4_200_000,
                "CHF",
                "proposal",
            )
        },
        Deal {
            closed: Some(-45),
            ..deal(
                atlas,
                Some(atlas_contract),
                "Kanzlei Hartmann & Roth",
                "Document management roll-out",
                2_350_000,
                "EUR",
                "won",
            )
        },
        Deal {
            closed: Some(-12),
            led_by: "partner",
            lost_reason: "Customer chose an in-house solution",
            ..deal(
                atlas,
                Some(atlas_contract),
                "Landratsamt Ebersberg",
                "Scanning and archiving",
                3_100_000,
                "EUR",
                "lost",
            )
        },
    ];
    for d in deals {
        let open = d.closed.is_none();
        tx.execute(
            "INSERT INTO opportunity (prospect_id, contract_id, customer, customer_norm, description,
                    value_minor, currency, stage, lost_reason, expected_close_on, closed_on, led_by,
                    next_step, next_step_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
            params![
                d.partner,
                d.contract,
                d.customer,
                normalize::name(d.customer),
                d.what,
                d.value_minor,
                d.currency,
                d.stage,
                d.lost_reason,
                day(today, d.closed.unwrap_or(d.close_in)),
                d.closed.map(|c| day(today, c)),
                d.led_by,
                if open { "Joint call with the customer's IT lead" } else { "" },
                open.then(|| day(today, 5)),
                instant(today, d.closed.unwrap_or(0) - 60, 9),
            ],
        )?;
    }

    // Lead registrations: one about to expire, and a conflict (the same customer registered
    // with two partners).
    let leads: [(i64, i64, &str, &str, &str, i64, i64); 3] = [
        (
            bastion,
            bastion_contract,
            "Stadtwerke Isartal",
            "stadtwerke-isartal.example",
            "partner",
            -80,
            90,
        ),
        (
            helvetic,
            helvetic_contract,
            "Clinique du Lac SA",
            "clinique-du-lac.example",
            "us",
            -20,
            120,
        ),
        (
            bastion,
            bastion_contract,
            "Clinique du Lac",
            "https://www.clinique-du-lac.example/",
            "partner",
            -5,
            90,
        ),
    ];
    let mut first_lead = None;
    for (n, (pid, cid, customer, domain, by, registered, window)) in leads.into_iter().enumerate() {
        let conflict = if n == 2 { first_lead } else { None };
        tx.execute(
            "INSERT INTO lead_registration (prospect_id, contract_id, customer, customer_norm,
                    customer_domain, registered_by, registered_on, expires_on, conflict_with,
                    notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                pid,
                cid,
                customer,
                normalize::name(customer),
                normalize::domain(domain).unwrap_or_default(),
                by,
                day(today, registered),
                day(today, registered + window),
                conflict,
                if conflict.is_some() {
                    "Already registered with Helvetic Backup: decide by the first-to-register rule"
                } else {
                    ""
                },
                instant(today, registered, 11),
            ],
        )?;
        if n == 1 {
            first_lead = Some(tx.last_insert_rowid());
        }
    }

    let count = |sql: &str| -> Result<i64> { Ok(tx.query_row(sql, [], |r| r.get(0))?) };
    Ok(DemoSummary {
        prospects: count("SELECT count(*) FROM prospect")?,
        contacts: count("SELECT count(*) FROM contact")?,
        activities: count("SELECT count(*) FROM activity")?,
        contracts: count("SELECT count(*) FROM contract")?,
        contract_versions: count("SELECT count(*) FROM contract_version")?,
        opportunities: count("SELECT count(*) FROM opportunity")?,
        lead_registrations: count("SELECT count(*) FROM lead_registration")?,
    })
}

/// A joint opportunity in the sample book; days are relative to "today".
struct Deal {
    partner: i64,
    contract: Option<i64>,
    customer: &'static str,
    what: &'static str,
    value_minor: i64,
    currency: &'static str,
    stage: &'static str,
    close_in: i64,
    closed: Option<i64>,
    led_by: &'static str,
    lost_reason: &'static str,
}

fn our_profile() -> Profile {
    let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
    Profile {
        name: "Keystone Managed IT".into(),
        legal_name: "Keystone Managed IT GmbH".into(),
        website: "https://keystone-it.example".into(),
        address: "Landsberger Straße 110, 80339 München".into(),
        country: "Germany".into(),
        employees: Some(64),
        customer_size_min: Some(20),
        customer_size_max: Some(1000),
        currency: "EUR".into(),
        description: "Microsoft 365 and modern-workplace MSP for midsize firms in southern Germany and Austria.".into(),
        offerings: list(&["Microsoft 365 managed services", "Modern workplace", "Service desk"]),
        services: list(&["Intune device management", "Azure Virtual Desktop", "Teams rollout"]),
        certifications: list(&["Microsoft Modern Work Solutions Partner", "Microsoft Azure Solutions Partner"]),
        regions: list(&["Bavaria", "DACH", "Austria"]),
        verticals: list(&["Manufacturing", "Healthcare", "Legal"]),
        gaps: list(&["Managed detection and response", "Cisco networking", "Backup and disaster recovery", "OT security"]),
        updated_at: None,
    }
}

/// Terms of engagement in the JSON shape the app stores on a contract version.
fn terms(partner: &str, share_bp: i64, currency: &str, protection_days: i64) -> serde_json::Value {
    // Each sample contract's model is the one its title names; its partner has a signatory.
    let (model, signatory, title) = match partner {
        "Bastion SecOps Ltd" => ("co_sell", "Oliver Grant", "Chief Executive Officer"),
        "Helvetic Backup SA" => ("resell", "Lukas Meier", "CEO"),
        "Müller Netzwerktechnik GmbH" => ("subcontract", "Thomas Müller", "Geschäftsführer"),
        _ => ("referral", "Sophie Laurent", "Managing Director"),
    };
    json!({
        "parties": {
            "us": { "name": "Keystone Managed IT GmbH", "signatory": "Anna Weber", "title": "Managing Director" },
            "partner": { "name": partner, "signatory": signatory, "title": title }
        },
        "relationship_model": model,
        "exclusivity": false,
        "territory": "DACH",
        "lead_registration": { "qualifies": "Named customer with a budget and a decision date", "protection_days": protection_days, "cap": null, "conflict_rule": "first_to_register" },
        "customer_ownership": { "relationship": "registering_party", "contract": "us", "billing": "us" },
        "revenue_share": { "basis": "net_revenue", "share_bp": share_bp, "floor_minor": null, "ceiling_minor": null, "schedule": "quarterly", "payment_terms_days": 30, "currency": currency },
        "non_solicitation": { "customers_months": 12, "staff_months": 12 },
        "confidentiality": { "nda_reference": "NDA-2025-07 (mutual)", "years": 3 },
        "term": { "months": 12, "auto_renew": true, "non_renewal_notice_days": 90, "termination_notice_days": 60, "survives": ["fees on deals closed during the term", "confidentiality"] },
        "governing_law": "Germany",
        "courts": "Munich"
    })
}

fn insert_contract(
    tx: &Transaction<'_>,
    prospect: i64,
    title: &str,
    today: NaiveDate,
    created: i64,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO contract (prospect_id, title, created_at) VALUES (?1, ?2, ?3)",
        params![prospect, title, instant(today, created, 9)],
    )?;
    Ok(tx.last_insert_rowid())
}

#[allow(clippy::too_many_arguments)]
fn insert_version(
    tx: &Transaction<'_>,
    contract: i64,
    version: i64,
    status: &str,
    terms: &serde_json::Value,
    effective: String,
    expires: String,
    notice_days: i64,
    signed: Option<String>,
    today: NaiveDate,
    created: i64,
) -> Result<()> {
    // The agreement states its own effective date, as one written in Allybook would.
    let mut terms = terms.clone();
    terms["term"]["effective_on"] = json!(effective);
    let terms = &terms;
    let share = &terms["revenue_share"];
    tx.execute(
        "INSERT INTO contract_version (contract_id, version, status, template_version, terms_json,
                effective_on, expires_on, notice_days, share_bp, share_currency, protection_days,
                signed_on, created_at, created_by)
         VALUES (?1, ?2, ?3, ?13, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'Anna Weber')",
        params![
            contract,
            version,
            status,
            terms.to_string(),
            effective,
            expires,
            notice_days,
            share["share_bp"].as_i64(),
            share["currency"].as_str(),
            terms["lead_registration"]["protection_days"].as_i64(),
            signed,
            instant(today, created, 9),
            crate::render::agreement::CURRENT_TEMPLATE,
        ],
    )?;
    // A signed version records its signing: the day and who signed for each party.
    if let Some(on) = signed {
        let parties = &terms["parties"];
        let who = |side: &str, party: &str| {
            json!({
                "party": party,
                "name": parties[side]["signatory"],
                "role": parties[side]["title"],
            })
        };
        tx.execute(
            "INSERT INTO contract_event (version_id, status, happened_on, signatories_json,
                    recorded_at, recorded_by)
             VALUES (last_insert_rowid(), 'signed', ?1, ?2, ?3, 'Anna Weber')",
            params![
                on,
                json!([who("us", "us"), who("partner", "partner")]).to_string(),
                instant(today, created, 10),
            ],
        )?;
    }
    Ok(())
}

/// Checklists ticked for the stages a partner has passed (and a start on its current one), and
/// scorecards: decided "go" for partners past vetting, "no-go" for those that ended, a scorecard
/// in progress for every other one in vetting.
fn write_vetting(
    tx: &Transaction<'_>,
    today: NaiveDate,
    prospect: i64,
    p: &Partner,
    index: usize,
    us: &str,
) -> Result<()> {
    let path = path_to(p.stage);
    let passed = &path[..path.len() - 1];
    let mut tick = tx.prepare_cached(
        "INSERT INTO checklist_item (prospect_id, template_id, stage, label, done_on, done_by)
         SELECT ?1, id, stage, label, ?3, ?4 FROM checklist_template WHERE stage = ?2 AND active = 1
           AND position <= ?5",
    )?;
    for (n, stage) in passed.iter().enumerate() {
        let back = p.dwell as i64 + 14 * (passed.len() as i64 - n as i64) - 3;
        tick.execute(params![prospect, stage, day(today, -back), us, 99])?;
    }
    if matches!(p.stage, ShortList | Vetting | Negotiating) {
        tick.execute(params![
            prospect,
            p.stage,
            day(today, -1),
            us,
            ((index + 1) % 3) as i64
        ])?;
    }
    let (scores, decision): (&[i64], Option<(&str, &str)>) = match p.stage {
        Negotiating | Active => (
            &[5, 4, 4, 4, 4, 5, 4, 3],
            Some((
                "go",
                "Complements our gaps; references and certifications check out",
            )),
        ),
        Ended => (
            &[2, 3, 1, 3, 3, 4, 2, 2],
            Some((
                "no_go",
                "References did not match our situation; overlap with our core offering",
            )),
        ),
        Vetting if index.is_multiple_of(2) => (&[4, 4, 0, 3, 0, 4, 0, 0], None),
        _ => return Ok(()),
    };
    let depth = path.len() as i64;
    let started = day(today, -(p.dwell as i64) - 14 * (depth - 3).max(0));
    tx.execute(
        "INSERT INTO scorecard (prospect_id, created_at) VALUES (?1, ?2)",
        params![prospect, started],
    )?;
    let card = tx.last_insert_rowid();
    let mut line = tx.prepare_cached(
        "INSERT INTO scorecard_score (scorecard_id, criterion_id, criterion_name, weight, must_have,
                                      score, evidence)
         SELECT ?1, id, name, weight, must_have, ?3, ?4 FROM scorecard_criterion WHERE position = ?2",
    )?;
    for (i, score) in scores.iter().enumerate() {
        let (score, evidence) = match score {
            0 => (None, ""),
            s => (Some(*s), EVIDENCE[i]),
        };
        line.execute(params![card, i as i64 + 1, score, evidence])?;
    }
    let mut saved = tx.prepare_cached(
        "SELECT criterion_name, weight, must_have, score FROM scorecard_score WHERE scorecard_id = ?1",
    )?;
    let lines = saved
        .query_map([card], |r| {
            Ok(crate::model::pipeline::ScoreLine {
                criterion: r.get(0)?,
                weight: r.get(1)?,
                must_have: r.get(2)?,
                score: r.get(3)?,
                evidence: String::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    tx.execute(
        "UPDATE scorecard SET total = ?2 WHERE id = ?1",
        params![card, crate::rules::pipeline::total(&lines)],
    )?;
    if let Some((decision, rationale)) = decision {
        let decided = match p.stage {
            Ended => day(today, -(p.dwell as i64) - 1),
            _ => day(today, -(p.dwell as i64) - 14 * (depth - 4) - 2),
        };
        tx.execute(
            "UPDATE scorecard SET decision = ?2, decided_on = ?3, decided_by = ?4, rationale = ?5
             WHERE id = ?1",
            params![card, decision, decided, us, rationale],
        )?;
    }
    let culture = scores[6];
    let capacity = scores[7];
    if culture > 0 {
        tx.execute(
            "UPDATE prospect SET culture_score = ?2, capacity_score = ?3 WHERE id = ?1",
            params![prospect, culture, capacity],
        )?;
    }
    Ok(())
}

const EVIDENCE: [&str; 8] = [
    "Their services cover gaps we listed; little overlap with our core",
    "Vendor portal checked: certifications current",
    "Two reference customers called",
    "Credit report and filed accounts reviewed",
    "ISO 27001 certificate and cyber insurance seen",
    "Offices and engineers in our regions",
    "Culture conversation with their owner",
    "Named engineers offered for joint projects",
];

fn write_activities(
    tx: &Transaction<'_>,
    today: NaiveDate,
    prospect: i64,
    contact: i64,
    p: &Partner,
    index: usize,
    us: &str,
) -> Result<()> {
    let depth = path_to(p.stage).len() as i64;
    // (kind, days ago, subject, follow-up in days)
    let mut items: Vec<(&str, i64, String, Option<i64>)> = vec![(
        "note",
        p.dwell as i64 + 14 * (depth - 1),
        format!(
            "Found {} while researching {}",
            p.name,
            p.industry.to_lowercase()
        ),
        None,
    )];
    if depth >= 2 {
        items.push((
            "call",
            p.dwell as i64 + 5,
            format!("Intro call with {}", p.contact.0),
            None,
        ));
    }
    if depth >= 3 {
        // Spread follow-ups: some overdue, some due this week, some later.
        let follow = [-3, 2, 6, 14, -1, 9][index % 6];
        items.push((
            "meeting",
            (p.dwell as i64 / 2).max(1),
            "Vetting meeting: references, certifications, support model".into(),
            Some(follow),
        ));
    }
    if matches!(p.stage, Negotiating | Active) {
        items.push(("email", 4, "Sent draft terms of engagement".into(), Some(3)));
    }
    for (kind, ago, subject, follow) in items {
        tx.execute(
            "INSERT INTO activity (prospect_id, contact_id, kind, occurred_at, subject, body,
                                   follow_up_on, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?4)",
            params![
                prospect,
                contact,
                kind,
                instant(today, -ago, 14),
                subject,
                p.description,
                follow.map(|f| day(today, f)),
                us
            ],
        )?;
    }
    Ok(())
}

/// How many prospects the book holds, archived and merged ones included.
pub fn prospect_count(conn: &rusqlite::Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM prospect", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_partner_walks_a_valid_path_to_its_stage() {
        for p in PARTNERS {
            let path = path_to(p.stage);
            assert_eq!(path.first(), Some(&LongList), "{}", p.name);
            assert_eq!(path.last(), Some(&p.stage), "{}", p.name);
            assert!(normalize::domain(p.website).is_some(), "{}", p.website);
        }
        assert!((28..=32).contains(&PARTNERS.len()));
    }
}
