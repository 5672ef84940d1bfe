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

## Report (strata report, the editor's Export report)
report-title-suffix = plan report
report-meta = Plan report · { $scenario } scenario · { $metric } distances · standard { $standard } · classification { $classification }
report-json = figures as JSON
report-map = Map
report-map-alt = Map of { $name }
report-section-alt = Strata section of { $name }
report-map-text = { $scenario } scenario. Parcels are filled by their land use as seen from above (underground strata count only where nothing is above them); parcels with uses of another colour, side by side or stacked, are hatched with the next one. Facility symbols are coloured by life-circle tier.
report-life-circle = 15-minute life circle
report-life-circle-text = { $homes } homes, { $residents } residents; population-weighted score { $score } ({ $metric }).
metric-network = network distances: along walkable streets
metric-euclidean = euclidean distances: straight-line
report-tiers-text = Residents fully served per tier: every required category of the tier within its radius.
report-categories = Coverage by category
report-recommended = {" "}(recommended)
report-gaps = Service gaps
report-no-gaps = No gaps: every home has every required category within reach.
report-gaps-text = Required categories some residents lack, most residents first.
report-land = Land accounting
report-land-text = { $scenario } scenario. Stacking saving = stacked area (sum of strata footprints) − ground area; released = ground area of proposed parcels with status released.
report-comparison = Land per use, existing → proposed
report-comparison-text = Land per use = stratum footprint × use share, summed over the scenario's strata.
report-new = new
report-mix = Mixed use and jobs–housing
report-mix-text = Diversity of floor area by level-1 land-use class over the whole scenario (Hill numbers); jobs from floor area per job; within reach = { $reach } m straight-line.
report-validation = Validation
report-no-problems = No problems: the plan passes every check of strata check.
report-problems = { $errors } error(s) and { $warnings } warning(s), as strata check reports them.
report-errors-mislead = Figures of a plan with errors may be misleading.
report-sections = Strata sections
report-no-sections = No parcel of this scenario has more than one stratum.
report-sections-text = Parcels with more than one stratum. Heights to scale, ground at ±0, underground shaded; a stratum's width is the share of the parcel its footprint covers, split by its uses' shares.
report-chart-label = Share of residents with each category within reach
col-tier = tier
col-name = name
col-radius = radius
col-residents-served = residents served
col-share = share
col-category = category
col-facilities = facilities
col-homes-covered = homes covered
col-residents-covered = residents covered
col-homes-lacking = homes lacking
col-residents-lacking = residents lacking
col-m2 = m²
col-ha = ha
col-mu = mu (亩)
area-ground = ground area
area-stacked = stacked area
area-saving = stacking saving
area-released = released
col-code = code
col-use = use
col-existing-m2 = existing m²
col-proposed-m2 = proposed m²
col-existing-mu = existing mu
col-proposed-mu = proposed mu
col-change-mu = change mu
col-change = change
col-figure = figure
col-value = value
mix-mixed-parcels = parcels with more than one use
mix-n-of = { $n } of { $total }
mix-mixed-ground = ground area of mixed-use parcels (m²)
mix-stacked-parcels = parcels with stacked strata
mix-hill0 = land-use classes (Hill 0)
mix-hill1 = effective classes, exp(Shannon) (Hill 1)
mix-hill2 = effective classes, inverse Simpson (Hill 2)
mix-shannon = Shannon entropy
mix-jobs = jobs
mix-residents = residents
mix-ratio = jobs per resident
col-severity = severity
col-kind = kind
col-feature = feature
col-message = message
severity-error = error
severity-warning = warning
report-chart-heading = Residents with the category within reach

## Map legends and titles (strata render, the editor's legend)
legend-land-use = Land use (seen from above)
legend-not-in = { $code } (not in { $classification })
legend-more = … { $n } more
legend-mixed = mixed use: stripes in the second use
legend-status = Renewal status
legend-no-status = no status
legend-score = Life-circle score of homes
legend-score-high = 100 % of required
legend-not-residential = not residential
legend-heatmap = Heatmap
legend-facilities = Facilities (colour = tier)
legend-unknown-category = category not in the standard
legend-streets = Streets
legend-walkable = walkable street
legend-not-walkable = street, not walkable
subtitle = { $scenario } scenario · { $fill }
subtitle-use-hatched = parcels by land use (hatched: mixed use)
subtitle-use = parcels by land use
subtitle-status = parcels by renewal status
subtitle-score = homes by life-circle score
subtitle-diversity = parcels by mixed use
subtitle-jobs-housing = homes by jobs–housing ratio
subtitle-heatmap = {" "}· heatmap: { $title }

## Assets panel, valuation and the report's assets section (issue 9)
assets-heading = Assets
assets-inventory = Inventory
assets-suggestions = Site suggestions
assets-col-status = status
assets-col-parcels = parcels
assets-col-ha = ha
assets-col-mu = mu
assets-col-floor = floor m²
assets-any-status = any status
assets-status-filter = Status filter
assets-use-code = Use code
assets-find = Find
assets-shown = { $n } parcels shown (click to select)
assets-row = { $id }  { $status }  { $code }  { $ground } m²  { $mu } mu  { $floor } m² floor  { $name }
assets-category = Category
assets-sites = Sites
assets-candidates = Candidates:
assets-covered-now = Covered now: { $covered } residents, { $metric } distances
assets-suggest = Suggest sites
assets-chosen-exact = { $n } candidate parcels; chosen exactly
assets-chosen-greedy = { $n } candidate parcels; chosen greedily
assets-no-gain = No candidate brings anyone new within reach.
assets-site-row = { $parcel }  +{ $gain } residents ({ $homes ->
        [one] { $homes } home
       *[other] { $homes } homes
    })
assets-site-hover = A { $category } hosted in the ground stratum of { $parcel } brings these homes within { $radius } m: { $homes }
assets-apply = Apply
    .tooltip = Host the facility on this parcel (undoable)
valuation = Valuation
valuation-transit = Transit
    .tooltip = 1 within the radius of a transit station or bus stop, falling to 0 at twice the radius
valuation-centre = Centre
    .tooltip = 1 at the district centre (population-weighted unless the plan sets one), 0 from { $reach } m on
valuation-service = Service
    .tooltip = Residents a new facility of the service category there would bring within reach, relative to the best candidate
valuation-size = Size
    .tooltip = Ground area relative to { $full } m² (1 from there on)
valuation-shape = Shape
    .tooltip = Compactness 4πA/P²: 1 for a circle, 0.79 for a square
valuation-heritage = Heritage
    .tooltip = 1 for heritage parcels
valuation-policy = Policy
    .tooltip = The parcel's policy property (0–1), else 1 for the favoured statuses
valuation-weights = Weights (saved in the plan, undoable)
valuation-default-weights = Default weights
valuation-service-category = Service category
valuation-worst = worst-covered ({ $category })
valuation-summary = { $n } candidate parcels ({ $statuses }); service: a new { $category }
valuation-show-map = Colour the map by valuation
valuation-col-rank = #
valuation-col-parcel = Parcel
valuation-col-status = Status
valuation-col-score = Score
valuation-hover = { $parcel }: score { $score } = Σ weight × part / Σ weight
valuation-part = { $name }: { $score } × { $weight } ({ $value })
valuation-value-distance = { $m } m
valuation-value-residents = { $n } residents newly in reach
valuation-value-area = { $m2 } m²
valuation-value-none = none
valuation-settings-error = The plan's valuation settings are invalid: { $error }
legend-valuation = Valuation score of candidate parcels
legend-valuation-value = score { $value }
legend-not-valued = not a candidate
subtitle-valuation = candidate parcels by valuation score
report-assets = Assets: inventory, valuation and suggestions
report-inventory-text = Parcels of the { $scenario } scenario by renewal status (ground area in ha and mu, floor area in m²).
report-valuation-text = Candidate parcels ({ $statuses }) scored Σ weight × criterion / Σ weight, each criterion from 0 to 1; weights: { $weights }. Service: residents a new { $category } would bring within reach.
report-valuation-top = Best { $n } of { $total } candidate parcels
report-no-candidates = No candidate parcels in this scenario.
report-suggestions = Suggested sites for { $category }
report-suggestions-text = The worst-covered required category ({ $category }, { $share } % of residents covered): { $count } sites chosen together, with the residents each newly brings within { $radius } m.
report-no-suggestion = No candidate parcel brings anyone new within reach.
report-no-gap = Every required category covers every resident: no suggestions needed.
report-col-residents = new residents
report-col-cumulative = cumulative
heat-count = Categories within reach ({ $metric })
heat-score = Share of required categories ({ $metric })
heat-distance = Distance to { $category } ({ $metric }, m)
metric-short-euclidean = euclidean
metric-short-network = network
section-ground = ground ±0

## Commands (menus, shortcuts); .tooltip = hover text
cmd-open = Open…
    .tooltip = Open a plan file (asks first if there are unsaved changes)
cmd-save = Save
    .tooltip = Write the plan to its file: a temporary file is written, read back and renamed over it
cmd-save-as = Save as…
    .tooltip = Write the plan to a new file and keep editing that one
cmd-export-flat = Export flat GeoJSON
    .tooltip = Write NAME.flat.geojson beside the plan: one feature per stratum with plain properties, for QGIS attribute tables
cmd-undo = Undo
    .tooltip = Undo the last edit
cmd-redo = Redo
    .tooltip = Redo the last undone edit
cmd-redo-alt = Redo (Ctrl+Y)
    .tooltip = Redo the last undone edit
cmd-delete = Delete selection
    .tooltip = Delete the selected parcels or facility
cmd-select-all = Select all parcels
    .tooltip = Select every parcel of the scenario shown
cmd-merge-selected = Merge selected parcels
    .tooltip = Merge the selected parcels into the first one selected (it keeps its id and strata)
cmd-zoom-to-fit = Zoom to fit
    .tooltip = Show the whole plan
cmd-zoom-in = Zoom in
    .tooltip = Zoom in about the centre
cmd-zoom-out = Zoom out
    .tooltip = Zoom out about the centre
cmd-toggle-streets = Streets
    .tooltip = Show or hide streets
cmd-toggle-facilities = Facilities
    .tooltip = Show or hide facilities
cmd-toggle-labels = Labels
    .tooltip = Show or hide parcel names
cmd-toggle-snapping = Snapping
    .tooltip = Snap drawn and moved points to corners of parcels and streets within 10 px (S)
cmd-toggle-legend = Legend
    .tooltip = Show or hide the legend
cmd-toggle-table = Attribute table
    .tooltip = Show or hide the attribute table of parcels (Ctrl+T)
cmd-toggle-history = History
    .tooltip = Show or hide the list of edits; click one to go back or forward to it
cmd-toggle-avoid-overlaps = Avoid overlaps
    .tooltip = Clip new and reshaped parcels against neighbours whose strata share their height

## Menus
menu-file = File
menu-edit = Edit
menu-view = View
menu-area-unit = Area unit
area-unit-all = m², ha and mu

## Inspector and panels
inspector-n-selected = { $n } parcels selected · { $area }
inspector-multi-hint = Ctrl+M merges them, Delete deletes them, the Move tool (G) moves them. The first one selected is shown below.
inspector-empty = Click a parcel or a facility.
inspector-facility = Facility { $id }
inspector-facility-hint = Drag it on the map to move it.
inspector-parcel = Parcel { $id } · { $area }
panel-layers = Layers
panel-colour-by = Colour by
panel-scenario = Scenario
toolbar-category = Category
inspector-name = Name
inspector-status = Status
