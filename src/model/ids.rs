//! Typed ids. On disk an id is a GeoJSON feature `id` (string or number) or a stratum's
//! `id`; inside the program it is text, so ids of different things cannot be mixed up.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(text: impl Into<String>) -> Self {
                Self(text.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_id!(
    /// Id of a parcel feature, e.g. `p-12`.
    ParcelId
);
text_id!(
    /// Id of a stratum, unique within its parcel, e.g. `s1`.
    StratumId
);
text_id!(
    /// Id of a facility feature, e.g. `f-3`.
    FacilityId
);
text_id!(
    /// Id of a street feature, e.g. `st-4`.
    StreetId
);
