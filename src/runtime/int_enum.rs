//! Enums that travel as integers (`room_type: 0 | 1 | 3`), generated from a
//! spec's integer `enum` with `x-enum-varnames`. A value the vendor adds
//! later decodes as `Unknown(n)` instead of failing.

/// Define an integer-coded enum with serde, `Display` and a catch-all.
#[macro_export]
#[doc(hidden)]
macro_rules! int_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version of the client does not know.
            Unknown(i64),
        }

        impl $name {
            /// The integer the vendor uses for this value.
            pub fn code(self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(n) => n,
                }
            }

            pub fn from_code(n: i64) -> Self {
                match n {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.code())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Some vendors quote their numbers; accept both.
                let id = $crate::runtime::lenient::Id::deserialize(d)?;
                id.as_str()
                    .trim()
                    .parse::<i64>()
                    .map(Self::from_code)
                    .map_err(|_| <D::Error as ::serde::de::Error>::custom(format!("`{id}` is not an integer")))
            }
        }
    };
}
