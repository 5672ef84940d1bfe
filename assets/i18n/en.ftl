# Strata, English. Every key here must exist in zh-CN.ftl too (tests/i18n_keys.rs).
# Keys: area-what; attributes (.tooltip) for hover texts.

lang-name = English

# Used by the i18n module's own tests.
test-args = { $n ->
        [one] { $n } parcel
       *[other] { $n } parcels
    } in { $name }
    .tooltip = A test attribute

## Units
unit-m2 = m²
unit-ha = ha
unit-mu = mu
