# Strata，简体中文。每个键都必须在 en.ftl 中存在（tests/i18n_keys.rs）。

lang-name = 简体中文

test-args = { $name }中有 { $n } 个地块
    .tooltip = 测试属性

## 单位
unit-m2 = 平方米
unit-ha = 公顷
unit-mu = 亩

## 地块状态、权利类型、方案
status-existing = 现状
status-idle = 闲置
status-underused = 低效利用
status-heritage = 历史风貌
status-micro-renovation = 微改造
status-planned = 规划
status-released = 腾退释放
right-ownership = 所有权
right-construction-land-use = 建设用地使用权
right-lease = 租赁权
right-easement = 地役权
right-operation = 经营权
right-other = 其他
scenario-existing = 现状
scenario-proposed = 规划方案

## 报告
report-title-suffix = 规划报告
report-meta = 规划报告 · { $scenario } · { $metric }距离 · 标准 { $standard } · 分类 { $classification }
report-json = 指标 JSON
report-map = 地图
report-map-alt = { $name }地图
report-section-alt = { $name }分层剖面
report-map-text = { $scenario }。地块按俯视所见的用地性质填色（地下分层仅在其上方无其他分层时计入）；含其他颜色用途（并列或叠置）的地块以下一种用途的斜线填充。设施符号按生活圈层级着色。
report-life-circle = 15 分钟生活圈
report-life-circle-text = { $homes } 处住宅，{ $residents } 名居民；人口加权得分 { $score }（{ $metric }）。
metric-network = 路网距离：沿可步行街道
metric-euclidean = 直线距离
report-tiers-text = 各层级完全覆盖的居民：该层级所有必配设施均在其服务半径内。
report-categories = 各类设施覆盖情况
report-recommended = （宜配）
report-gaps = 服务缺口
report-no-gaps = 无缺口：每处住宅的所有必配设施均在步行范围内。
report-gaps-text = 部分居民缺少的必配设施，按缺少居民数从多到少排列。
report-land = 用地核算
report-land-text = { $scenario }。叠加节地 = 叠加面积（各分层占地之和）− 占地面积；释放用地 = 状态为腾退释放的规划地块占地面积。
report-comparison = 各用途用地，现状 → 规划
report-comparison-text = 各用途用地 = 分层占地 × 用途比例，按方案内所有分层求和。
report-new = 新增
report-mix = 混合用地与职住平衡
report-mix-text = 全方案按一级用地类别计算的建筑面积多样性（Hill 数）；就业岗位按人均岗位建筑面积推算；步行范围 = 直线 { $reach } 米。
report-validation = 校验
report-no-problems = 无问题：方案通过 strata check 的全部检查。
report-problems = { $errors } 个错误、{ $warnings } 个警告（与 strata check 一致）。
report-errors-mislead = 有错误的方案，其指标可能有误导性。
report-sections = 分层剖面
report-no-sections = 本方案没有包含多个分层的地块。
report-sections-text = 包含多个分层的地块。高度按比例绘制，地面为 ±0，地下部分加阴影；分层宽度为其占地占地块的比例，并按各用途比例划分。
report-chart-label = 各类设施步行可达的居民比例
col-tier = 层级
col-name = 名称
col-radius = 服务半径
col-residents-served = 覆盖居民
col-share = 比例
col-category = 设施类别
col-facilities = 设施数
col-homes-covered = 覆盖住宅
col-residents-covered = 覆盖居民
col-homes-lacking = 缺少的住宅
col-residents-lacking = 缺少的居民
col-m2 = 平方米
col-ha = 公顷
col-mu = 亩
area-ground = 占地面积
area-stacked = 叠加面积
area-saving = 叠加节地
area-released = 释放用地
col-code = 代码
col-use = 用途
col-existing-m2 = 现状（平方米）
col-proposed-m2 = 规划（平方米）
col-existing-mu = 现状（亩）
col-proposed-mu = 规划（亩）
col-change-mu = 变化（亩）
col-change = 变化
col-figure = 指标
col-value = 数值
mix-mixed-parcels = 多用途地块
mix-n-of = { $n } / { $total }
mix-mixed-ground = 混合用地地块占地面积（平方米）
mix-stacked-parcels = 分层叠加地块
mix-hill0 = 用地类别数（Hill 0）
mix-hill1 = 有效类别数，exp(Shannon)（Hill 1）
mix-hill2 = 有效类别数，Simpson 倒数（Hill 2）
mix-shannon = Shannon 熵
mix-jobs = 就业岗位
mix-residents = 居民
mix-ratio = 人均就业岗位
col-severity = 级别
col-kind = 类型
col-feature = 要素
col-message = 说明
severity-error = 错误
severity-warning = 警告
report-chart-heading = 步行范围内有该类设施的居民

## 图例与标题
legend-land-use = 用地性质（俯视）
legend-not-in = { $code }（不在 { $classification } 中）
legend-more = …… 另有 { $n } 项
legend-mixed = 混合用地：以第二种用途的斜线表示
legend-status = 更新状态
legend-no-status = 无状态
legend-score = 住宅生活圈得分
legend-score-high = 必配设施 100 %
legend-not-residential = 非居住
legend-heatmap = 热力图
legend-facilities = 设施（颜色 = 层级）
legend-unknown-category = 标准中没有的设施类别
legend-streets = 街道
legend-walkable = 可步行街道
legend-not-walkable = 不可步行街道
subtitle = { $scenario } · { $fill }
subtitle-use-hatched = 地块按用地性质（斜线：混合用地）
subtitle-use = 地块按用地性质
subtitle-status = 地块按更新状态
subtitle-score = 住宅按生活圈得分
subtitle-diversity = 地块按功能混合度
subtitle-jobs-housing = 住宅按职住比
subtitle-heatmap = {" "}· 热力图：{ $title }
heat-count = 步行范围内的设施类别数（{ $metric }）
heat-score = 必配设施覆盖比例（{ $metric }）
heat-distance = 到{ $category }的距离（{ $metric }，米）
metric-short-euclidean = 直线距离
metric-short-network = 路网距离
section-ground = 地面 ±0

## 命令（菜单、快捷键）
cmd-open = 打开…
    .tooltip = 打开方案文件（有未保存的修改时先询问）
cmd-save = 保存
    .tooltip = 将方案写入其文件：先写临时文件，读回校验后再替换原文件
cmd-save-as = 另存为…
    .tooltip = 将方案写入新文件，并继续编辑该文件
cmd-export-flat = 导出扁平 GeoJSON
    .tooltip = 在方案旁写出 NAME.flat.geojson：每个分层一个要素、属性扁平，便于 QGIS 属性表
cmd-undo = 撤销
    .tooltip = 撤销上一次编辑
cmd-redo = 重做
    .tooltip = 重做上一次撤销的编辑
cmd-redo-alt = 重做（Ctrl+Y）
    .tooltip = 重做上一次撤销的编辑
cmd-delete = 删除所选
    .tooltip = 删除所选地块或设施
cmd-select-all = 选择全部地块
    .tooltip = 选择当前方案的所有地块
cmd-merge-selected = 合并所选地块
    .tooltip = 将所选地块合并到第一个选中的地块（保留其编号和分层）
cmd-zoom-to-fit = 缩放至全图
    .tooltip = 显示整个方案
cmd-zoom-in = 放大
    .tooltip = 以中心为基点放大
cmd-zoom-out = 缩小
    .tooltip = 以中心为基点缩小
cmd-toggle-streets = 街道
    .tooltip = 显示或隐藏街道
cmd-toggle-facilities = 设施
    .tooltip = 显示或隐藏设施
cmd-toggle-labels = 标注
    .tooltip = 显示或隐藏地块名称
cmd-toggle-snapping = 捕捉
    .tooltip = 绘制和移动的点捕捉到 10 像素内的地块和街道角点（S）
cmd-toggle-legend = 图例
    .tooltip = 显示或隐藏图例
cmd-toggle-table = 属性表
    .tooltip = 显示或隐藏地块属性表（Ctrl+T）
cmd-toggle-history = 历史记录
    .tooltip = 显示或隐藏编辑列表；点击某项可回退或前进到该步
cmd-toggle-avoid-overlaps = 避免重叠
    .tooltip = 新建和修改形状的地块按高度相同的相邻分层裁剪

## 菜单
menu-file = 文件
menu-edit = 编辑
menu-view = 视图
menu-area-unit = 面积单位
area-unit-all = 平方米、公顷和亩

## 检查器与面板
inspector-n-selected = 已选 { $n } 个地块 · { $area }
inspector-multi-hint = Ctrl+M 合并，Delete 删除，移动工具（G）移动。下方显示第一个选中的地块。
inspector-empty = 点击地块或设施。
inspector-facility = 设施 { $id }
inspector-facility-hint = 在地图上拖动以移动。
inspector-parcel = 地块 { $id } · { $area }
panel-layers = 图层
panel-colour-by = 着色方式
panel-scenario = 方案
toolbar-category = 类别
inspector-name = 名称
inspector-status = 状态
