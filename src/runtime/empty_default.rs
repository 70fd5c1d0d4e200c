//! `Default` for a generated struct whose every field can be empty but
//! which the type engine gives none (a required list, a map of extra
//! fields): written by the generator, one line per struct.

/// `impl Default for $name`, each field its own type's default.
#[macro_export]
#[doc(hidden)]
macro_rules! empty_default {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl ::std::default::Default for $name {
            fn default() -> Self {
                Self { $($field: ::std::default::Default::default()),* }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq)]
    struct Page {
        items: Vec<u8>,
        next: Option<String>,
        extra: std::collections::BTreeMap<String, u8>,
    }
    crate::runtime::empty_default!(Page { items, next, extra });

    #[test]
    fn every_field_is_empty() {
        assert_eq!(Page::default(), Page { items: vec![], next: None, extra: Default::default() });
    }
}
