//! The command line's messages and text output in both languages, through the real
//! binary: `--lang zh` gives Chinese (names from the standard, the classification and the
//! translation files, columns aligned for CJK widths); `--lang en` gives the English text
//! other tools and tests read, unchanged.

use crate::common;

use std::process::{Command, Output};

use common::repo;

fn strata(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .arg("--lang")
        .arg(lang)
        .args(args)
        .output()
        .expect("run strata")
}

/// Stdout of a run that must succeed.
fn stdout(lang: &str, args: &[&str]) -> String {
    let out = strata(lang, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?} --lang {lang}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Stderr of a run that must fail with exit code 1.
fn failure(lang: &str, args: &[&str]) -> String {
    let out = strata(lang, args);
    assert_eq!(out.status.code(), Some(1), "{args:?} --lang {lang}");
    String::from_utf8(out.stderr).expect("UTF-8")
}

fn sample(name: &str) -> String {
    repo(&format!("sample_maps/{name}.geojson"))
        .to_str()
        .expect("path")
        .to_owned()
}

/// Terminal columns of a line: a CJK character (three bytes in UTF-8) takes two.
fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| if c.len_utf8() == 3 { 2 } else { 1 })
        .sum()
}

/// The numbers of a text in order (ids such as p-19 included), which a translation
/// must keep.
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit() && c != '.')
        .map(|n| n.trim_matches('.'))
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn suggest_speaks_both_languages_with_the_same_figures() {
    let map = sample("xiongan_15min");
    let args = [
        "suggest",
        map.as_str(),
        "--category",
        "kindergarten",
        "--count",
        "2",
    ];
    let en = stdout("en", &args);
    let zh = stdout("zh", &args);

    let lines: Vec<&str> = en.lines().collect();
    assert_eq!(lines.len(), 4, "{en}");
    assert!(
        lines[0].starts_with(
            "kindergarten: radius 300 m, euclidean distances; 2 candidate parcels \
             (idle,underused,released); "
        ) && lines[0].ends_with(" residents covered now"),
        "{en}"
    );
    for (i, line) in lines[1..3].iter().enumerate() {
        assert!(line.starts_with(&format!(" {}. p-", i + 1)), "{en}");
        assert!(line.contains(" residents (1 home), "), "{en}");
        assert!(line.ends_with(" covered after"), "{en}");
    }
    assert!(
        lines[3].starts_with("total +")
            && lines[3].ends_with(" residents; sites chosen exactly (every combination compared)"),
        "{en}"
    );

    assert!(
        zh.starts_with("幼儿园（kindergarten）：服务半径 300 米，直线距离；2 个候选地块（闲置、低效利用、腾退释放）；当前覆盖 "),
        "{zh}"
    );
    assert!(zh.contains(" 名居民（1 处住宅），选址后覆盖 "), "{zh}");
    assert!(zh.contains("选址为精确求解（比较了所有组合）"), "{zh}");
    assert!(!zh.contains("residents") && !zh.contains("idle"), "{zh}");
    // Only the words change: every figure and id is the same, in the same order.
    assert_eq!(numbers(&zh), numbers(&en), "{en}\n{zh}");
}

#[test]
fn suggest_notes_missing_candidates_in_both_languages() {
    let map = sample("wenzhou_sports_park");
    let args = [
        "suggest",
        map.as_str(),
        "--category",
        "kindergarten",
        "--candidates",
        "heritage",
    ];
    let en = strata("en", &args);
    let zh = strata("zh", &args);
    assert_eq!(
        String::from_utf8_lossy(&en.stderr),
        "note: no candidate parcels (heritage) in the proposed scenario; choose others with --candidates\n"
    );
    assert!(
        String::from_utf8_lossy(&en.stdout)
            .ends_with("\nno candidate brings anyone new within reach\n")
    );
    assert_eq!(
        String::from_utf8_lossy(&zh.stderr),
        "提示：规划方案中没有候选地块（历史风貌）；可用 --candidates 选择其他状态\n"
    );
    assert!(String::from_utf8_lossy(&zh.stdout).ends_with("\n没有候选地块能新增覆盖任何居民\n"));
}

#[test]
fn inventory_text_in_both_languages() {
    let map = sample("shenzhen_renewal");
    let args = ["inventory", map.as_str(), "--scenario", "existing"];
    let en = stdout("en", &args);
    let zh = stdout("zh", &args);

    assert!(
        en.starts_with("深圳沙河东工业区更新 (Shenzhen Shahe East industrial zone renewal): inventory of the existing scenario\n"),
        "{en}"
    );
    for line in [
        "by status          parcels      ground m²         mu       floor m²",
        "by land-use class  parcels      ground m²         mu       floor m²",
        "idle                     5        64480.0      96.72       143145.6",
        "07                       2        25792.0      38.69        72217.7",
        "all                     17       267263.8     400.90       523507.2",
        "assets to activate (idle, underused, heritage, micro-renovation, released):",
    ] {
        assert!(en.lines().any(|l| l == line), "{line:?} in\n{en}");
    }
    assert!(
        en.contains("  p-2        idle              100102       12896.0 m²    19.34 mu     30305.6 m² floor  东区 A1 厂房"),
        "{en}"
    );

    assert!(en.contains("idle") && !zh.contains("idle") && !zh.contains("underused"));
    for text in [
        "：现状方案资产清单",
        "按更新状态",
        "按一级用地类别",
        "地块数",
        "建筑面积 m²",
        "闲置",
        "低效利用",
        "07 居住用地",
        "14 绿地与开敞空间用地",
        "合计",
        "待盘活资产（闲置、低效利用、历史风貌、微改造、腾退释放）：",
        " 亩 ",
    ] {
        assert!(zh.contains(text), "{text:?} in\n{zh}");
    }
    // Each table's rows end where its header ends, Chinese names taking two columns.
    for table in zh.split("\n\n").skip(1).take(2) {
        let widths: Vec<usize> = table.lines().map(columns).collect();
        assert!(widths.len() > 2, "{table}");
        assert!(
            widths.iter().all(|w| *w == widths[0]),
            "{widths:?}\n{table}"
        );
    }
    assert_eq!(numbers(&zh), numbers(&en), "{en}\n{zh}");
}

#[test]
fn value_text_in_both_languages() {
    let map = sample("wenzhou_sports_park");
    let args = ["value", map.as_str(), "--top", "3"];
    let en = stdout("en", &args);
    let zh = stdout("zh", &args);

    let lines: Vec<&str> = en.lines().collect();
    assert!(
        lines[0].ends_with(
            ": valuation of 7 candidate parcels (proposed scenario, euclidean distances)"
        ),
        "{en}"
    );
    assert!(lines[1].starts_with("weights: transit "), "{en}");
    assert!(
        lines[2].starts_with("service: residents a new ")
            && lines[2].ends_with(" would bring within reach"),
        "{en}"
    );
    assert_eq!(
        lines[4],
        "rank parcel     status             score    transit   centre  service     size    shape heritage   policy"
    );
    assert!(lines[5].starts_with("   1 p-"), "{en}");
    assert!(lines[5].contains(" released   "), "{en}");
    assert_eq!(lines.len(), 8, "{en}");

    assert!(
        zh.contains("：7 个候选地块的资产评价（规划方案，直线距离）\n"),
        "{zh}"
    );
    assert!(zh.contains("\n权重：公交 "), "{zh}");
    assert!(zh.contains("、服务 "), "{zh}");
    assert!(zh.contains("\n服务：新设一处"), "{zh}");
    let table: Vec<&str> = zh.lines().skip(4).collect();
    // Statuses by name (the plan's own name mentions "released land").
    assert!(
        table[1..]
            .iter()
            .all(|row| row.contains(" 腾退释放 ") && !row.contains("released")),
        "{zh}"
    );
    assert!(table[0].starts_with("序号 地块 "), "{zh}");
    assert!(table[0].contains("历史文化"), "{zh}");
    // The header's columns line up with the rows' in a terminal.
    let widths: Vec<usize> = table.iter().map(|l| columns(l)).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "{widths:?}\n{zh}");
    assert_eq!(numbers(&zh), numbers(&en), "{en}\n{zh}");
}

#[test]
fn errors_in_both_languages() {
    // Qingdao checks clean: no "the plan has errors" warning comes before the error.
    let map = sample("qingdao_tod");
    let unknown = ["suggest", map.as_str(), "--category", "nosuch"];
    let en = failure("en", &unknown);
    assert!(
        en.starts_with("error: unknown category \"nosuch\"; the standard has: middle_school, "),
        "{en}"
    );
    let zh = failure("zh", &unknown);
    assert!(
        zh.starts_with("错误：未知的设施类别 \"nosuch\"；标准中的类别有：middle_school, "),
        "{zh}"
    );

    let zero = [
        "suggest",
        map.as_str(),
        "--category",
        "kindergarten",
        "--count",
        "0",
    ];
    assert_eq!(failure("en", &zero), "error: --count must be at least 1\n");
    assert_eq!(failure("zh", &zero), "错误：--count 至少为 1\n");

    let typo = [
        "suggest",
        map.as_str(),
        "--category",
        "kindergarten",
        "--candidates",
        "idle,idel",
    ];
    assert_eq!(
        failure("en", &typo),
        "error: --candidates: unknown candidate status \"idel\" (known: existing, idle, \
         underused, heritage, micro_renovation, planned, released, or all)\n"
    );
    assert!(
        failure("zh", &typo).starts_with("错误：--candidates：未知的候选地块状态 \"idel\"（可选："),
        "Chinese --candidates error"
    );

    let jpeg = ["render", map.as_str(), "--out", "map.jpg"];
    assert_eq!(
        failure("en", &jpeg),
        "error: --out must name a .png file, not map.jpg\n"
    );
    assert_eq!(
        failure("zh", &jpeg),
        "错误：--out 必须是 .png 文件，而不是 map.jpg\n"
    );

    // An unreadable file: the kind stays the machine id in both languages.
    let missing = repo("tests/no-such-plan.geojson");
    let missing = missing.to_str().expect("path");
    for (lang, start) in [("en", "error [unreadable] "), ("zh", "错误 [unreadable] ")] {
        let out = strata(lang, &["check", missing]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(&format!("{start}{missing}")), "{err}");
    }
}

#[test]
fn written_files_are_reported_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map = sample("xiongan_15min");
    let out = dir.path().join("plan.geojson");
    let out = out.to_str().expect("path");
    for (lang, want) in [
        ("en", format!("wrote {out}\n")),
        ("zh", format!("已写出 {out}\n")),
    ] {
        let run = strata(lang, &["export", map.as_str(), "--out", out]);
        assert_eq!(run.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&run.stderr), want);
    }
}

/// `--help` follows `--lang` wherever it stands (`--lang zh`, `--lang=zh`), and in
/// English it is the derive's help, byte for byte.
#[test]
fn help_and_usage_errors_follow_the_language() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_strata"))
            .args(args)
            .output()
            .expect("run strata")
    };
    let help = |args: &[&str]| {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let root = help(&["--help", "--lang", "zh"]);
    assert!(root.starts_with("用地与混合用地规划编辑器："), "{root}");
    for expected in [
        "\n用法: strata [OPTIONS] [COMMAND]\n",
        // The column is as wide as the longest command (isochrones).
        "\n命令:\n  open        在编辑器中打开方案\n",
        "\n选项:\n",
        "  -h, --help                   显示帮助\n",
    ] {
        assert!(root.contains(expected), "{expected:?} in\n{root}");
    }
    let suggest = help(&["suggest", "--lang=zh", "--help"]);
    for expected in [
        "用法: strata suggest [OPTIONS] --category <ID> <PLAN>",
        "      --category <ID>          标准中的生活圈设施类别编号，如 kindergarten\n",
        "      --format <FORMAT>        text：按名次列出；json：供脚本使用 [默认：text] [可选值：text, json]\n",
    ] {
        assert!(suggest.contains(expected), "{expected:?} in\n{suggest}");
    }
    assert!(!suggest.contains("Usage") && !suggest.contains("Print help"));

    let english = help(&["suggest", "--help", "--lang", "en"]);
    assert_eq!(
        english,
        "Which candidate parcels should host a facility of a category: ranked by the \
         residents it would newly bring within the category's radius (a stratum of the \
         parcel hosting it); --count K sites chosen together

Usage: strata suggest [OPTIONS] --category <ID> <PLAN>

Arguments:
  <PLAN>  The plan file (GeoJSON)

Options:
      --category <ID>          Life-circle category id of the standard, e.g. kindergarten
      --classification <FILE>  Land-use classification file (TOML) instead of the built-in cn-2023
      --count <K>              How many sites to choose together [default: 1]
      --standard <FILE>        Life-circle standard file (TOML) instead of the built-in GB 50180-2018
      --candidates <STATUSES>  Statuses of the candidate parcels, comma-separated, or `all` [default: idle,underused,released]
      --lang <en|zh>           Language of reports, maps and the editor: en or zh (default: the language chosen in the editor, else the system's)
      --area-unit <m2|ha|mu>   Unit of areas in text output: m2, ha or mu (亩) (default: the one chosen in the editor, else all three)
      --metric <METRIC>        Straight-line distance, or along walkable streets [default: euclidean] [possible values: euclidean, network]
      --radius <M>             Replace every category's radius (metres)
      --rules <FILE>           Mixed-use compatibility rules (TOML) instead of the built-in example
      --scenario <SCENARIO>    Which scenario: existing or proposed [default: proposed] [possible values: existing, proposed]
      --format <FORMAT>        text: ranked lines; json: for scripts [default: text] [possible values: text, json]
  -h, --help                   Print help
"
    );

    // A usage error: exit code 2 in both languages, worded in the run's language.
    let zh = run(&["--lang", "zh", "inf"]);
    assert_eq!(zh.status.code(), Some(2));
    let zh = String::from_utf8(zh.stderr).expect("UTF-8");
    assert!(zh.starts_with("错误：无法识别的子命令 'inf'\n"), "{zh}");
    assert!(zh.contains("提示：存在相近的写法 'info'"), "{zh}");
    assert!(zh.ends_with("更多信息请运行 '--help'。\n"), "{zh}");
    let en = run(&["--lang", "en", "inf"]);
    assert_eq!(en.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(en.stderr).expect("UTF-8"),
        "error: unrecognized subcommand 'inf'\n\n  tip: a similar subcommand exists: 'info'\n\n\
         Usage: strata [OPTIONS] [COMMAND]\n\nFor more information, try '--help'.\n"
    );
}
