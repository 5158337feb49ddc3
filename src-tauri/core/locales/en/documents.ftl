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
