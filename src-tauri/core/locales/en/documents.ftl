# The words of the documents Allybook writes (referral-fee statement), in English.
# Each message here must exist in every language (a test checks); amounts and dates come in
# already formatted for the language.

statement-title = Referral-fee statement
statement-meta-title = Referral-fee statement — { $partner } — { $from } to { $to }
statement-meta-subject = Fees between { $us } and { $partner }
statement-header = Referral-fee statement — { $us } and { $partner }
statement-period = { $from } to { $to }
statement-subtitle = { $us } and { $partner } · { $from } to { $to }
statement-owed = What is owed
statement-nothing-owed = No fee is owed for this period.
statement-owes = { $payer } owes { $payee } { $amount }.
statement-deals = Won deals
statement-no-deals = No deal with this partner was won in the period.
statement-col-closed = Closed
statement-col-customer = Customer
statement-col-value = Value
statement-col-share = Share
statement-col-fee = Fee
statement-col-owed = Owed
statement-without-terms = Won without an agreement in force on the close date (no fee computed): { $deals }.
statement-rounding-heading = Rounding
statement-rounding = Each fee is the deal value × the share in force on the deal's close date (in basis points) ÷ 10,000, computed in integer minor units and rounded half up to the nearest minor unit; totals add the rounded fees per currency and never convert between currencies.

# What to do next on a prospect (the dossier; the window has the same sentences in
# ui/src/locales). $stage and $next come as the language names the stage.
guidance-follow_up_today = Follow up on “{ $subject }” (due today).
guidance-follow_up_since = Follow up on “{ $subject }” (due since { $date }).
guidance-paused = Paused: review whether to resume or end the partnership.
guidance-ended = Ended: nothing to do. The record stays for reference.
guidance-scorecard = Fill in the vetting scorecard: { $left } of { $total } criteria to score.
guidance-decide = Record the go / no-go decision with its rationale.
guidance-checklist_open = { $item } — { $open } of the { $stage } checklist still open.
guidance-more_diligence = More diligence asked for: gather what is missing, then decide again before { $next }.
guidance-no_go = The decision was no-go: end or pause the partnership, with the reason.
guidance-move_on = Checklist done: move to { $next }.
guidance-active = Active partner: keep the joint reviews and renewal dates in view.

stage-long_list = Long-list
stage-short_list = Short-list
stage-vetting = Vetting
stage-negotiating = Negotiating
stage-active = Active
stage-paused = Paused
stage-ended = Ended

# The partner dossier.
dossier-meta-title = Partner dossier: { $name }
dossier-meta-subject = Vetting dossier
dossier-meta-subject-for = Vetting dossier prepared for { $us }
dossier-header = Partner dossier — { $name } — confidential
dossier-subtitle = { $stage } since { $since } · fit { $score } / 100 · prepared { $today }
dossier-subtitle-by = { $stage } since { $since } · fit { $score } / 100 · prepared { $today } by { $author }
dossier-next-step = Next step
dossier-noted = Noted: { $text }
dossier-profile = Profile
dossier-website = Website
dossier-location = Location
dossier-industry = Industry
dossier-employees = Employees
dossier-offerings = Offerings
dossier-services = Services
dossier-regions = Regions
dossier-verticals = Verticals
dossier-certifications = Certifications
dossier-certification-expires = { $certification } (expires { $date })
dossier-tags = Tags
dossier-description = Description
dossier-contacts = Contacts
dossier-col-name = Name
dossier-col-title = Title
dossier-fit = Fit against our profile
dossier-fit-intro = Score { $score } of 100. Each criterion's contribution, from its weight:
dossier-col-criterion = Criterion
dossier-col-points = Points
dossier-col-weight = Weight
dossier-col-why = Why
dossier-scorecard = Vetting scorecard (round { $round })
dossier-scorecard-total = Total { $total } of 100 — suggests { $recommendation } (below { $pass } pass, above { $pilot } pilot or partner).
dossier-scorecard-partial = Total { $total } of 100 so far (not every criterion scored) — suggests { $recommendation } (below { $pass } pass, above { $pilot } pilot or partner).
dossier-not-scored = Not scored yet.
dossier-col-kind = Kind
dossier-col-score = Score
dossier-col-evidence = Evidence
dossier-must-have = must-have
dossier-nice-to-have = nice-to-have
dossier-blocking = Must-have scored 1: { $criteria } — blocks a go unless overridden in writing.
dossier-decision = Decision
dossier-decision-value = { $decision } on { $date } by { $by }
dossier-rationale = Rationale
dossier-override = Override
dossier-no-decision = No go / no-go decision recorded yet.
dossier-checklist = Stage checklist
dossier-col-stage = Stage
dossier-col-item = Item
dossier-col-status = Status
dossier-done = done { $date }
dossier-done-by = done { $date } ({ $by })
dossier-open = open
dossier-activities = Recent activities
dossier-no-activities = None logged yet.
dossier-col-date = Date
dossier-col-what = What
dossier-col-follow-up = Follow-up
dossier-with = { $subject } (with { $contact })
dossier-follow-up-done = done
dossier-follow-up-due = due { $date }
dossier-history = Stage history
dossier-col-move = Move
dossier-col-by = By
dossier-col-note = Note
dossier-skipped = { $note } [skipped: { $items }]

recommend-pass = pass
recommend-more_diligence = more diligence
recommend-pilot = pilot or partner
decision-go = Go
decision-no_go = No-go
decision-more_diligence = More diligence
activity-note = Note
activity-call = Call
activity-meeting = Meeting
activity-email = Email

fit-complementarity = Complements our gaps
fit-overlap = Overlaps our core offering
fit-region = Region
fit-vertical = Vertical
fit-size = Size
fit-certifications = Certifications
fit-culture = Culture fit
fit-capacity = Capacity

# Every document laid out as pages.
page-of = Page { $page } of { $pages }
signature = Signature
signature-name = Name
signature-title = Title
signature-date = Date

# The agreement's own words around its clauses (the clauses are in its template,
# assets/clauses/). The language of an agreement is its template's.
agreement-us = Us
agreement-status-draft = DRAFT
agreement-status-sent = DRAFT (sent for review)
agreement-status-signed-on = Signed { $date }
agreement-status-signed = signed
agreement-status-active = active
agreement-status-expired = expired
agreement-status-terminated = terminated
agreement-meta-title = { $title } — { $us } and { $partner } — version { $version }
agreement-meta-subject = { $contract } between { $us } and { $partner }
agreement-header = { $title } — { $us } and { $partner }
agreement-footer = Version { $version } · { $status } · Document { $id }
agreement-subtitle = { $contract } between { $us } and { $partner } · Version { $version } · { $status } · Template { $template }
agreement-cover-page = Cover page
agreement-terms = Terms
agreement-signatures = Signatures
agreement-signature-intro = Signed for and on behalf of each Party by its authorised representative.
agreement-cover-parties = Parties
agreement-cover-relationship = Relationship
agreement-cover-territory = Territory
agreement-cover-verticals = Verticals
agreement-cover-lead-protection = Lead protection
agreement-cover-customer-owner = Customer owner
agreement-cover-share = Share
agreement-cover-payment = Payment
agreement-cover-non-solicitation = Non-solicitation
agreement-cover-effective = Effective
agreement-cover-term = Term
agreement-cover-law = Governing law
agreement-cover-courts = Courts
agreement-parties-value = { $us } and { $partner }
agreement-relationship-value = { $model }, { $exclusivity }
agreement-exclusive = exclusive
agreement-non-exclusive = non-exclusive
agreement-not-limited = Not limited
agreement-protection-until-won = Until the deal is won or lost
agreement-share = { $share } of the { $basis }
agreement-share-per-deal = Agreed in writing per deal
agreement-payment = { $schedule }, within { $days }
agreement-during-term = during the term
agreement-term-plus = term + { $months }
agreement-non-solicitation-value = customers { $customers }, staff { $staff }
agreement-until-terminated = Until terminated
agreement-renews = { $months }, renews automatically
agreement-when-signed = When both Parties have signed
agreement-not-chosen = Not chosen
agreement-annex-escalation = Annex { $letter } — Escalation matrix
agreement-annex-slas = Annex { $letter } — Service levels
agreement-col-level = Level
agreement-col-response = Response
agreement-col-service-level = Service level
agreement-col-target = Target
owner-us = Us
owner-partner = Partner
owner-registering-party = Registering party
owner-shared = Shared
docx-page = Page
docx-draft-note = DRAFT — not signed; for review and negotiation only
contract-title-referral = Referral agreement
contract-title-resell = Resell agreement
contract-title-subcontract = Subcontract agreement
contract-title-co_sell = Co-sell agreement
watermark = DRAFT

# Why a criterion of the fit score gave its points (rules::fit; the window has the same).
fit-no_gaps = No gaps in your profile yet: add the gaps a partner should fill in Settings.
fit-covers_none = Covers none of your { $total } gaps.
fit-covers = Covers { $n } of your { $total } gaps: { $list }.
fit-sells_none = Sells none of our core offerings.
fit-also_sells = Also sells { $list }: a competition risk.
fit-region_unknown = Region unknown.
fit-add_regions = Add the regions you serve in Settings.
fit-shares_region = Shares your region { $ours }.
fit-in_region = In { $ours }, one of your regions.
fit-inside_region = In { $place }, inside your region { $ours }.
fit-works_in = Works in { $place }, which covers your region { $ours }.
fit-half_region = In { $place }, where your region { $ours } is, but their state or province is not known: half credit.
fit-outside = Works in { $places }, outside your regions ({ $regions }).
fit-verticals_unknown = Verticals unknown.
fit-no_vertical = No vertical in common.
fit-one_vertical = Shares one vertical: { $list }.
fit-verticals = Shares verticals: { $list }.
fit-size_unknown = Size unknown.
fit-add_size = Add your company's size in Settings to compare.
fit-size_comparable = { $employees } employees: comparable to your { $our_employees }.
fit-size_stretch = { $employees } employees against your { $our_employees }: a stretch.
fit-size_different = { $employees } employees against your { $our_employees }: very different size.
fit-no_certs = No current vendor certification on record.{ $expired ->
    [0] {""}
   *[other] {" "}{ $expired } expired.
}
fit-certs = { $n } current: { $list }.{ $expired ->
    [0] {""}
   *[other] {" "}{ $expired } expired.
}
fit-rated = Rated { $score } of 5 in vetting.
fit-not_vetted = Not yet vetted.
fit-evidence = “{ $words }” in { $source }
fit-source-industry = the industry
fit-source-description = the description
fit-source-tags = the tags
fit-source-offerings = the offerings
fit-source-services = the services
fit-source-certifications = the certifications
