# Die Texte der Dokumente, die Allybook schreibt (Provisionsabrechnung), auf Deutsch.

statement-title = Provisionsabrechnung
statement-meta-title = Provisionsabrechnung — { $partner } — { $from } bis { $to }
statement-meta-subject = Provisionen zwischen { $us } und { $partner }
statement-header = Provisionsabrechnung — { $us } und { $partner }
statement-period = { $from } bis { $to }
statement-subtitle = { $us } und { $partner } · { $from } bis { $to }
statement-owed = Was geschuldet wird
statement-nothing-owed = Für diesen Zeitraum ist keine Provision geschuldet.
statement-owes = { $payer } schuldet { $payee } { $amount }.
statement-deals = Gewonnene Geschäfte
statement-no-deals = Mit diesem Partner wurde im Zeitraum kein Geschäft gewonnen.
statement-col-closed = Abschluss
statement-col-customer = Kunde
statement-col-value = Wert
statement-col-share = Anteil
statement-col-fee = Provision
statement-col-owed = Geschuldet
statement-without-terms = Ohne am Abschlusstag geltende Vereinbarung gewonnen (keine Provision berechnet): { $deals }.
statement-rounding-heading = Rundung
statement-rounding = Jede Provision ist der Geschäftswert × der am Abschlusstag geltende Anteil (in Basispunkten) ÷ 10.000, berechnet in ganzen kleinsten Währungseinheiten und kaufmännisch auf die kleinste Einheit gerundet; Summen addieren die gerundeten Provisionen je Währung und rechnen nie zwischen Währungen um.
