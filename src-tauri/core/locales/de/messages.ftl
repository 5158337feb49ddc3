# Was der Kern zu abgelehnten Eingaben sagt, Feld für Feld.

invalid-non_negative = Muss null oder größer sein.
invalid-at_most_days = Höchstens { $max } Tage.
invalid-at_most_months = Höchstens { $max } Monate.
invalid-at_most_years = Höchstens { $max } Jahre.
invalid-at_most_registrations = Höchstens { $max } Registrierungen.
invalid-at_most_amount = Der Betrag ist zu groß (höchstens { $max } kleinste Einheiten).
invalid-protection_zero = Ein Schutzzeitraum braucht mindestens einen Tag.
invalid-share = Ein Anteil ist ein Prozentsatz von 0 bis 100.
invalid-currency = Verwenden Sie einen dreistelligen ISO-4217-Code wie EUR oder USD.
invalid-ceiling = Die Obergrenze muss mindestens die Untergrenze sein.
invalid-term_zero = Eine Laufzeit braucht mindestens einen Monat.
invalid-year_range = { $date } liegt außerhalb von 1900–2200; prüfen Sie das Jahr.
invalid-not_a_date = „{ $text }“ ist kein Datum.
invalid-non_renewal_too_long = Die Frist für den Widerspruch gegen die Verlängerung muss kürzer als die Laufzeit sein ({ $months } Monate, { $days } Tage).
invalid-termination_too_long = Die Kündigungsfrist muss kürzer als die Laufzeit sein ({ $months } Monate, { $days } Tage).
invalid-hours_max = Höchstens ein Jahr (8784 Stunden).
invalid-level_name = Benennen Sie die Stufe, z. B. „Service Desk“.
invalid-level_order = Eine höhere Stufe sollte nicht schneller antworten als die vorige.
invalid-partner_name = Der rechtliche Name des Partners steht in der Vereinbarung.
invalid-our_name = Unser rechtlicher Name steht in der Vereinbarung.
invalid-company_name = Geben Sie den Namen Ihres Unternehmens ein.
invalid-website = Geben Sie eine Website wie example.com ein.
invalid-size_range = Muss mindestens die kleinste Kundengröße sein.
invalid-prospect_name = Ein Partner braucht einen Namen.
invalid-duplicate_prospect = { $other } steht schon in Ihrem Buch: Öffnen Sie den Eintrag oder führen Sie beide zusammen.
invalid-weight = Verwenden Sie ein Gewicht von 0 bis 100.
invalid-weights_zero = Mindestens ein Kriterium außer der Überschneidung braucht ein Gewicht.
invalid-end_customer = Nennen Sie den Endkunden.
invalid-customer = Nennen Sie den Kunden.
invalid-value_negative = Der Wert darf nicht negativ sein.
invalid-lost_reason = Sagen Sie, warum das Geschäft verloren ging.
invalid-item_label = Ein Punkt braucht eine Bezeichnung.
invalid-score = Bewertung von 1 bis 5.

# Die tägliche Erinnerung auf dem Desktop.
reminder-title = { $count ->
    [one] Heute ist 1 Ding fällig
   *[other] Heute sind { $count } Dinge fällig
}
reminder-more = und { $count } weitere auf der Startseite

attention-title-follow_up = Wiedervorlage bei { $name }
attention-detail-after = im Anschluss an: { $kind ->
    [call] Anruf
    [meeting] Termin
    [email] E-Mail
    [note] Notiz
   *[other] { $kind }
}
attention-detail-subject = { $subject }
attention-title-notice = Letzter Tag zur Kündigung von { $contract } mit { $partner }
attention-detail-notice = Kündigungsfrist { $days ->
    [one] 1 Tag
   *[other] { $days } Tage
} vor dem { $expires_on }.
attention-title-lead_expiring = Lead-Registrierung für { $customer } läuft ab
attention-detail-lead_expiring = Registriert { $by ->
    [us] von uns
   *[other] vom Partner
} bei { $partner }: in eine Verkaufschance umwandeln oder auslaufen lassen.

invalid-threshold = Zwischen 0 und 100.
invalid-pilot_below_pass = Muss mindestens die Absage-Schwelle sein.
invalid-stuck_days = Zwischen 1 und 3650 Tagen.
invalid-activity_empty = Geben Sie der Aktivität einen Betreff oder etwas Text.
invalid-follow_up_before = Die Wiedervorlage kann nicht vor der Aktivität liegen.
invalid-item_twice = „{ $item }“ steht schon auf der Liste „{ $stage }“.
invalid-signed_in_future = Eine Version wird als unterschrieben markiert, wenn sie unterschrieben ist: Das Datum kann nicht in der Zukunft liegen.
invalid-our_signatory = Wer hat für uns unterschrieben?
invalid-our_role = Die Funktion, z. B. „Geschäftsführer“.
invalid-partner_signatory = Wer hat für den Partner unterschrieben?
invalid-partner_role = Die Funktion, z. B. „CEO“.
invalid-our_name_to_sign = Vor der Unterschrift muss unser rechtlicher Name in den Bedingungen stehen.
invalid-partner_name_to_sign = Vor der Unterschrift muss der rechtliche Name des Partners in den Bedingungen stehen.
invalid-share_to_sign = Eine unterschriebene Vereinbarung nennt den Anteil: Tragen Sie ihn in einer neuen Version ein (0 %, wenn keiner gezahlt wird).
invalid-status_reason = Sagen Sie für die Akten, warum (z. B. „Partner hat den Markt verlassen“).
invalid-before_signed = Die Version wurde am { $date } unterschrieben; dieses Datum liegt davor.
invalid-backup_keep = Behalten Sie zwischen 1 und { $max } tägliche Sicherungen.
invalid-backup_folder_relative = Wählen Sie einen Ordner (vollständiger Pfad) oder lassen Sie das Feld leer für den Ordner neben dem Buch.
invalid-backup_folder_missing = { $folder } ist kein Ordner auf diesem Computer.
