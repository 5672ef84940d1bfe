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

## Parcel status (资源锁定 inventory), land rights, scenarios
status-existing = Existing
status-idle = Idle
status-underused = Underused
status-heritage = Heritage
status-micro-renovation = Micro-renovation
status-planned = Planned
status-released = Released
right-ownership = Ownership
right-construction-land-use = Construction land use right
right-lease = Lease
right-easement = Easement
right-operation = Operation right
right-other = Other
scenario-existing = Existing
scenario-proposed = Proposed
