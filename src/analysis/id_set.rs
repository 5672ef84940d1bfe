//! A set of ids an edit touched: usually one or two, which a pass over a city's parcels
//! asks about 100 000 times. Compared directly, a few ids cost less than hashing every id
//! of the city (a string hash each); more are hashed.

use rustc_hash::FxHashSet;

/// Up to this many ids are compared one by one.
const FEW: usize = 16;

#[derive(Clone, Debug, Default)]
pub struct IdSet<'a> {
    few: Vec<&'a str>,
    many: Option<FxHashSet<&'a str>>,
}

impl<'a> IdSet<'a> {
    pub fn new(ids: impl IntoIterator<Item = &'a str>) -> Self {
        let mut few: Vec<&str> = ids.into_iter().collect();
        few.sort_unstable();
        few.dedup();
        if few.len() > FEW {
            let many = few.drain(..).collect();
            return Self {
                few,
                many: Some(many),
            };
        }
        Self { few, many: None }
    }

    pub fn contains(&self, id: &str) -> bool {
        match &self.many {
            Some(many) => many.contains(id),
            None => self.few.contains(&id),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.few.is_empty() && self.many.as_ref().is_none_or(|m| m.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_and_many_ids_answer_alike() {
        let names: Vec<String> = (0..40).map(|i| format!("p{i}")).collect();
        for n in [0, 1, 2, FEW, FEW + 1, 40] {
            let set = IdSet::new(names[..n].iter().map(String::as_str));
            assert_eq!(set.is_empty(), n == 0);
            for (i, name) in names.iter().enumerate() {
                assert_eq!(set.contains(name), i < n, "{n} ids, {name}");
            }
            assert!(!set.contains("q1") && !set.contains(""));
        }
    }
}
