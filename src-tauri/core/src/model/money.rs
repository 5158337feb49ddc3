//! Money as the book keeps it — integer minor units with an ISO 4217 code — and its plain
//! written forms: parsing an amount, formatting one, percentages in basis points.

/// Digits after the decimal point in a currency's minor unit.
pub fn currency_exponent(code: &str) -> u32 {
    match code {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "HUF" | "TWD" | "UGX" | "XAF" | "XOF" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "IQD" | "LYD" => 3,
        _ => 2,
    }
}

/// A decimal amount ("1,500,000.50", "1.500.000,50", "250000") → minor units, without floats.
pub fn parse_amount(s: &str, exponent: u32) -> Option<i64> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !"€$£¥".contains(*c))
        .collect();
    if t.is_empty() || t.starts_with('-') {
        return None;
    }
    let last_sep = t.rfind(['.', ',']);
    let (int_part, frac_part) = match last_sep {
        Some(i) => {
            let frac = &t[i + 1..];
            let sep = t.as_bytes()[i] as char;
            let other = if sep == '.' { ',' } else { '.' };
            // "1,200" (one separator kind, 3 digits after) is grouping, not a decimal.
            if frac.len() == 3 && !t.contains(other) {
                (t.replace(sep, ""), String::new())
            } else {
                (t[..i].replace([',', '.', '\''], ""), frac.to_string())
            }
        }
        None => (t.clone(), String::new()),
    };
    if int_part.is_empty()
        || !int_part.chars().all(|c| c.is_ascii_digit())
        || !frac_part.chars().all(|c| c.is_ascii_digit())
        || frac_part.len() > exponent as usize
    {
        return None;
    }
    let scale = 10i64.checked_pow(exponent)?;
    let whole: i64 = int_part.parse().ok()?;
    let frac: i64 = if frac_part.is_empty() {
        0
    } else {
        format!("{frac_part:0<width$}", width = exponent as usize)
            .parse()
            .ok()?
    };
    whole.checked_mul(scale)?.checked_add(frac)
}

/// Minor units → "1500000.50" (exponent digits, no grouping): what `parse_amount` reads back.
pub fn format_amount(minor: i64, exponent: u32) -> String {
    if exponent == 0 {
        return minor.to_string();
    }
    let scale = 10u64.pow(exponent);
    // The sign on its own: -50 cents is "-0.50", which `minor / scale` alone would lose.
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = exponent as usize
    )
}

/// Basis points as a percentage: 1000 → "10 %", 1250 → "12.5 %". Integer arithmetic.
pub fn percent(bp: i64) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    if frac == 0 {
        format!("{whole} %")
    } else if frac % 10 == 0 {
        format!("{whole}.{} %", frac / 10)
    } else {
        format!("{whole}.{frac:02} %")
    }
}

/// Minor units with the currency's exponent and its code: "5,000.00 EUR".
pub fn money(minor: i64, currency: &str) -> String {
    let exp = currency_exponent(currency);
    let plain = format_amount(minor, exp);
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{grouped} {currency}")
    } else {
        format!("{grouped}.{frac} {currency}")
    }
}
