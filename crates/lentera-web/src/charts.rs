//! Charts as inline SVG drawn on the server: no chart library in the browser, light pages,
//! and every chart carries a title and a text description (the numbers are also in a table
//! beside it). Colours come from CSS classes (the content security policy allows no inline
//! styles).

use maud::{Markup, html};

/// A line chart of one series over labelled points (e.g. months).
pub fn line(title: &str, desc: &str, points: &[(String, i64)]) -> Markup {
    const W: f64 = 600.0;
    const H: f64 = 180.0;
    const PAD: f64 = 28.0;
    let max = points.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let n = points.len().max(2) as f64;
    let x = |i: usize| PAD + (W - 2.0 * PAD) * i as f64 / (n - 1.0);
    let y = |v: i64| H - PAD - (H - 2.0 * PAD) * v as f64 / max;
    let path: String = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{}{:.1},{:.1}", if i == 0 { "M" } else { " L" }, x(i), y(*v)))
        .collect();
    let every = (points.len() / 6).max(1);
    html! {
        svg.chart viewBox={ "0 0 " (W) " " (H) } role="img" aria-labelledby="chart-t chart-d" {
            title #chart-t { (title) }
            desc #chart-d { (desc) }
            line.axis x1=(PAD) y1=(H - PAD) x2=(W - PAD) y2=(H - PAD) {}
            text.tick x="2" y=(PAD - 8.0) { (max as i64) }
            @if !points.is_empty() { path.series d=(path) {} }
            @for (i, (label, v)) in points.iter().enumerate() {
                circle.dot cx=(format!("{:.1}", x(i))) cy=(format!("{:.1}", y(*v))) r="3" { title { (label) ": " (v) } }
                @if i % every == 0 { text.tick x=(format!("{:.1}", x(i))) y=(H - 8.0) text-anchor="middle" { (label) } }
            }
        }
    }
}

/// Horizontal bars, largest first as given.
pub fn bars(title: &str, desc: &str, items: &[(String, i64)]) -> Markup {
    const W: f64 = 600.0;
    const ROW: f64 = 22.0;
    const LABEL: f64 = 230.0;
    let h = ROW * items.len().max(1) as f64 + 8.0;
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    html! {
        svg.chart viewBox={ "0 0 " (W) " " (h) } role="img" aria-labelledby="bars-t bars-d" {
            title #bars-t { (title) }
            desc #bars-d { (desc) }
            @for (i, (label, v)) in items.iter().enumerate() {
                @let top = 4.0 + ROW * i as f64;
                @let width = ((W - LABEL - 60.0) * *v as f64 / max).max(1.0);
                text.tick x="0" y=(format!("{:.1}", top + 15.0)) { (truncate(label, 34)) }
                rect.bar x=(LABEL) y=(format!("{:.1}", top + 3.0)) width=(format!("{width:.1}")) height="14" { title { (label) ": " (v) } }
                text.tick x=(format!("{:.1}", LABEL + width + 4.0)) y=(format!("{:.1}", top + 15.0)) { (v) }
            }
        }
    }
}

/// A share as a single stacked bar (e.g. women and men).
pub fn split(title: &str, parts: &[(String, i64, &str)]) -> Markup {
    let total: i64 = parts.iter().map(|(_, v, _)| *v).sum::<i64>().max(1);
    let mut x = 0.0;
    let placed: Vec<(&str, i64, &str, f64, f64)> = parts
        .iter()
        .map(|(label, v, class)| {
            let w = 600.0 * *v as f64 / total as f64;
            x += w;
            (label.as_str(), *v, *class, x - w, w)
        })
        .collect();
    html! {
        svg.chart.split viewBox="0 0 600 36" role="img" aria-label=(title) {
            title { (title) }
            @for (label, v, class, left, w) in placed {
                rect class=(class) x=(format!("{left:.1}")) y="4" width=(format!("{w:.1}")) height="28" { title { (label) ": " (v) } }
            }
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}
