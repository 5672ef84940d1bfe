# Strata，简体中文。每个键都必须在 en.ftl 中存在（tests/i18n_keys.rs）。

lang-name = 简体中文

test-args = { $name }中有 { $n } 个地块
    .tooltip = 测试属性

## 单位
unit-m2 = 平方米
unit-ha = 公顷
unit-mu = 亩
