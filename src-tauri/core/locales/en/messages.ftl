# What the core says about input it refuses, field by field (model::error::FieldError::said).
# The window has the same messages as `invalid.*` in ui/src/locales; a test keeps them in step.

invalid-non_negative = Must be zero or more.
invalid-at_most_days = At most { $max } days.
invalid-at_most_months = At most { $max } months.
invalid-at_most_years = At most { $max } years.
invalid-at_most_registrations = At most { $max } registrations.
invalid-at_most_amount = At most { $max } minor units.
invalid-protection_zero = A protection window needs at least one day.
invalid-share = A share is a percentage from 0 to 100.
invalid-currency = Use a three-letter ISO 4217 code such as EUR or USD.
invalid-ceiling = The ceiling must be at least the floor.
invalid-term_zero = A term needs at least one month.
invalid-year_range = { $date } is outside 1900–2200; check the year.
invalid-not_a_date = "{ $text }" is not a date; use YYYY-MM-DD.
invalid-non_renewal_too_long = The non-renewal notice must be shorter than the term ({ $months } months, { $days } days).
invalid-termination_too_long = The termination notice must be shorter than the term ({ $months } months, { $days } days).
invalid-hours_max = At most a year (8784 hours).
invalid-level_name = Name the level, e.g. “Service desk”.
invalid-level_order = A higher level should not answer faster than the one before it.
invalid-partner_name = The partner's legal name appears on the agreement.
invalid-our_name = Our legal name appears on the agreement.
invalid-company_name = Enter your company's name.
invalid-website = Enter a website such as example.com.
invalid-size_range = Must be at least the smallest customer size.
invalid-prospect_name = A prospect needs a name.
invalid-duplicate_prospect = { $other } is already in your book: open it, or merge the two.
invalid-weight = Use a weight from 0 to 100.
invalid-weights_zero = At least one criterion other than overlap needs a weight.
invalid-end_customer = Name the end customer.
invalid-customer = Name the customer.
invalid-value_negative = The value cannot be negative.
invalid-lost_reason = Say why the deal was lost.
invalid-item_label = An item needs a label.
invalid-score = Score from 1 to 5.

# Today's desktop reminder (ops::desktop::reminder), in the desktop's language.
reminder-title = { $count ->
    [one] 1 thing is due today
   *[other] { $count } things are due today
}
reminder-more = and { $count } more on Home

# What needs attention, as the reminder says it (the window has the same as attention.*).
attention-title-follow_up = Follow up with { $name }
attention-detail-after = after the { $kind ->
    [call] call
    [meeting] meeting
    [email] email
    [note] note
   *[other] { $kind }
}
attention-detail-subject = { $subject }
attention-title-notice = Last day to give notice on { $contract } with { $partner }
attention-detail-notice = { $days ->
    [one] 1 day's
   *[other] { $days } days'
} notice before { $expires_on }.
attention-title-lead_expiring = Lead registration for { $customer } expires
attention-detail-lead_expiring = Registered by { $by ->
    [us] us
   *[other] the partner
} with { $partner }: convert it to an opportunity or let it lapse.

invalid-threshold = Between 0 and 100.
invalid-pilot_below_pass = Must be at least the pass threshold.
invalid-stuck_days = Between 1 and 3650 days.
invalid-activity_empty = Give the activity a subject or some text.
invalid-follow_up_before = The follow-up cannot be before the activity.
invalid-item_twice = "{ $item }" is already on the { $stage } list.
invalid-signed_in_future = A version is marked signed once it has been signed: the date cannot be in the future.
invalid-our_signatory = Who signed for us?
invalid-our_role = Their role, e.g. “Managing Director”.
invalid-partner_signatory = Who signed for the partner?
invalid-partner_role = Their role, e.g. “CEO”.
invalid-our_name_to_sign = Our legal name must be in the terms before signing.
invalid-partner_name_to_sign = The partner's legal name must be in the terms before signing.
invalid-share_to_sign = A signed agreement states the share: enter it in a new version (0 % if none is paid).
invalid-status_reason = Say why, for the record (e.g. “Partner left the market”).
invalid-before_signed = The version was signed on { $date }; this date is before it.
invalid-backup_keep = Keep between 1 and { $max } daily backups.
invalid-backup_folder_relative = Choose a folder (a full path), or leave it empty for the folder beside the book.
invalid-backup_folder_missing = { $folder } is not a folder on this computer.
