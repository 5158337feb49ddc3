//! One company as an import read it from a row (or several rows merged), before it is written.

use std::collections::HashMap;

use crate::model::domain::Stage;
use crate::model::field::Field;

#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub name: String,
    /// `normalize::name(name)`, computed once.
    pub name_norm: String,
    pub website: String,
    pub domain: String,
    pub city: String,
    pub country: String,
    pub industry: String,
    pub employees: Option<i64>,
    pub revenue_minor: Option<i64>,
    pub description: String,
    pub stage: Option<Stage>,
    pub lists: HashMap<Field, Vec<String>>,
}

impl Draft {
    /// Fills this draft's empty fields from `other` and unions the lists.
    pub fn absorb(&mut self, other: Draft) {
        let fill = |a: &mut String, b: String| {
            if a.trim().is_empty() {
                *a = b;
            }
        };
        fill(&mut self.website, other.website);
        fill(&mut self.domain, other.domain);
        fill(&mut self.city, other.city);
        fill(&mut self.country, other.country);
        fill(&mut self.industry, other.industry);
        fill(&mut self.description, other.description);
        self.employees = self.employees.or(other.employees);
        self.revenue_minor = self.revenue_minor.or(other.revenue_minor);
        self.stage = self.stage.or(other.stage);
        for (f, values) in other.lists {
            let list = self.lists.entry(f).or_default();
            for v in values {
                if !list.contains(&v) {
                    list.push(v);
                }
            }
        }
    }

    pub fn list(&self, f: Field) -> Vec<String> {
        self.lists.get(&f).cloned().unwrap_or_default()
    }
}
