//! The plan reader on arbitrary bytes, as `strata open` and `strata check` use it: it
//! must return a plan with problems or an error, never panic, and a plan it returns must
//! survive validation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = strata::io::read_plan(data, &Default::default()) {
        let _ = strata::analysis::validate(&loaded.plan);
    }
});
