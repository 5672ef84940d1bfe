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
