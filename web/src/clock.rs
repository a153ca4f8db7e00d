//! The one clock: the user's, as the core wants it for every command (milliseconds since the epoch,
//! and the local day).

use jenkins_api_token::day::Day;
use jenkins_api_token::popup::Now;
use wasm_bindgen::UnwrapThrowExt;

pub fn now() -> Now {
    let date = js_sys::Date::new_0();
    let day = Day::new(date.get_full_year() as i32, date.get_month() + 1, date.get_date());
    Now { ms: date.get_time() as u64, day: day.expect_throw("today is a date") }
}
