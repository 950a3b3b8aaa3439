//! `lentera bench`: cold start (empty data directory to `/healthz` answering) and the speed
//! of the registry's common queries on the configured data directory.

use std::sync::Arc;
use std::time::{Duration, Instant};

use lentera_core::access::Actor;
use lentera_core::activity::ActivityFilter;
use lentera_core::library::{LibraryFilter, LibrarySort, PageRequest};
use lentera_core::region::RegionCode;
use lentera_core::reporting::ReportStatus;
use lentera_core::services::{Env, activities, libraries, regions};
use lentera_store::SqliteStore;
use lentera_web::{AppState, WebConfig};

use crate::config::Config;

fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    format!(
        "min {:>8.1?}  median {:>8.1?}  p95 {:>8.1?}  max {:>8.1?}  (n={})",
        v[0],
        p(0.5),
        p(0.95),
        v[v.len() - 1],
        v.len()
    )
}

async fn healthz(addr: std::net::SocketAddr) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(mut s) = tokio::net::TcpStream::connect(addr).await else { return false };
    if s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.is_err() {
        return false;
    }
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf).await;
    buf.starts_with(b"HTTP/1.1 200")
}

pub fn run(cfg: &Config, runs: usize, only: Option<&str>) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    let mut cold = Vec::new();
    for _ in 0..runs.max(1) {
        let dir = tempfile_dir()?;
        let t = Instant::now();
        let (store, _) = SqliteStore::open(&dir).map_err(|e| e.to_string())?;
        let state = AppState::new(
            Env::new(Arc::new(store)),
            WebConfig { files_dir: dir.join("files"), ..WebConfig::default() },
        );
        rt.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            let server = tokio::spawn(lentera_web::serve(listener, state, async {
                let _ = rx.await;
            }));
            while !healthz(addr).await {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            cold.push(t.elapsed());
            let _ = tx.send(());
            let _ = server.await;
            Ok::<(), String>(())
        })?;
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!("cold start (empty dir → migrations → 91,599 regions → /healthz 200): {}", stats(cold));

    if !cfg.data_dir.join("lentera.db").exists() {
        println!(
            "(no database in {}: skipping query benchmarks; run `lentera demo --scale national` first)",
            cfg.data_dir.display()
        );
        return Ok(());
    }
    let (store, _) = SqliteStore::open(&cfg.data_dir).map_err(|e| e.to_string())?;
    let env = Env::new(Arc::new(store));
    let op = Actor::operator();
    let total = libraries::list(&env, &op, LibraryFilter::default(), PageRequest::new(None, Some(1)))
        .map_err(|e| e.to_string())?
        .total;
    println!("queries on {} ({} libraries), 30 runs each:", cfg.data_dir.display(), total);
    let time = |name: &str, f: &dyn Fn()| {
        if only.is_some_and(|o| !name.contains(o)) {
            return;
        }
        let v: Vec<Duration> = (0..30)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect();
        println!("  {name:<52} {}", stats(v));
    };
    let code = |s: &str| RegionCode::parse(s).ok();
    time("regions: nation → provinces with library counts", &|| {
        regions::children(&env, None).unwrap();
    });
    time("regions: province 35 → regencies with counts", &|| {
        regions::children(&env, Some("35")).unwrap();
    });
    time("regions: search 'sukamaju'", &|| {
        regions::search_with_paths(&env, "sukamaju", None, None, 20).unwrap();
    });
    time("libraries: first page, nation, by name", &|| {
        libraries::list(&env, &op, LibraryFilter::default(), PageRequest::new(None, None)).unwrap();
    });
    time("libraries: page 100, nation, by name", &|| {
        libraries::list(&env, &op, LibraryFilter::default(), PageRequest::new(Some(100), None)).unwrap();
    });
    time("libraries: text search 'pelita'", &|| {
        libraries::list(
            &env,
            &op,
            LibraryFilter { query: Some("pelita".into()), ..Default::default() },
            PageRequest::new(None, None),
        )
        .unwrap();
    });
    time("libraries: province 35, village type, updated", &|| {
        let f = LibraryFilter {
            region: code("35"),
            library_type: lentera_core::library::LibraryType::parse("umum_desa"),
            sort: LibrarySort::Updated,
            ..Default::default()
        };
        libraries::list(&env, &op, f, PageRequest::new(None, None)).unwrap();
    });
    time("activities: nation, newest first, page 1", &|| {
        activities::list(&env, &op, ActivityFilter::default(), PageRequest::new(None, None)).unwrap();
    });
    time("activities: province 35, approved, page 1", &|| {
        let f = ActivityFilter { region: code("35"), status: Some(ReportStatus::Approved), ..Default::default() };
        activities::list(&env, &op, f, PageRequest::new(None, None)).unwrap();
    });
    time("activities: text search 'membatik'", &|| {
        let f = ActivityFilter { query: Some("membatik".into()), ..Default::default() };
        activities::list(&env, &op, f, PageRequest::new(None, None)).unwrap();
    });
    let last_month = lentera_core::monthly::Period::of(env.today(lentera_core::region::TimeZone::Wib)).previous();
    time("monthly completeness: nation, last month", &|| {
        lentera_core::services::monthly::completeness(&env, &op, None, last_month, 10).unwrap();
    });
    time("monthly completeness: province 35, last month", &|| {
        lentera_core::services::monthly::completeness(&env, &op, code("35"), last_month, 10).unwrap();
    });
    let rules = lentera_core::services::kpi::Rules { thresholds: Default::default(), deadline_day: 10 };
    time("KPI colours: nation, per province, last month", &|| {
        lentera_core::services::kpi::region(&env, &op, &rules, None, last_month).unwrap();
    });
    time("KPI colours: province 35, per regency, last month", &|| {
        lentera_core::services::kpi::region(&env, &op, &rules, code("35"), last_month).unwrap();
    });
    let busy = activities::list(&env, &op, ActivityFilter::default(), PageRequest::new(None, Some(1)))
        .ok()
        .and_then(|p| p.items.first().map(|a| a.library_id));
    if let Some(lib) = busy {
        time("KPI colours: one library, 12 months", &|| {
            lentera_core::services::kpi::library_months(&env, &op, &rules, lib, last_month, 12).unwrap();
        });
        time("library timeline: one year", &|| {
            lentera_core::services::timeline::year(&env, &op, &rules, lib, last_month.year).unwrap();
        });
    }
    time("monthly reports: province 35, last month, page 1", &|| {
        let f =
            lentera_core::monthly::MonthlyFilter { region: code("35"), period: Some(last_month), ..Default::default() };
        lentera_core::services::monthly::list(&env, &op, f, PageRequest::new(None, None)).unwrap();
    });
    time("libraries: programme 2023, missing KTAK 2024", &|| {
        let f = LibraryFilter { programme_year: Some(2023), missing_ktak_year: Some(2024), ..Default::default() };
        libraries::list(&env, &op, f, PageRequest::new(None, None)).unwrap();
    });
    let year_from = lentera_core::monthly::Period { year: 2024, month: 1 };
    let year_to = lentera_core::monthly::Period { year: 2024, month: 12 };
    time("indicators: nation, 2024 (totals, months, categories, provinces)", &|| {
        lentera_core::services::indicators::summary(&env, &op, None, year_from, year_to).unwrap();
    });
    time("indicators: province 35, 2024 (… regencies)", &|| {
        lentera_core::services::indicators::summary(&env, &op, code("35"), year_from, year_to).unwrap();
    });
    // What `/dasbor` reads: the summary, two comparison spans, the catalogue's headlines.
    let dashboard = |region: Option<RegionCode>| {
        use lentera_core::services::catalogue;
        use lentera_core::services::indicators::{previous_span, summary, totals, year_before};
        let s = summary(&env, &op, region.clone(), year_from, year_to).unwrap();
        let [p, y] = [previous_span(year_from, year_to), year_before(year_from, year_to)]
            .map(|(f, t)| totals(&env, &op, region.clone(), f, t).unwrap());
        let headlines: Vec<_> = catalogue::list(&env, false).unwrap().into_iter().filter(|i| i.headline).collect();
        catalogue::compare(&env, &op, &rules, [&s, &p, &y], headlines).unwrap();
    };
    time("dashboard data: nation, 2024 + previous + year before + headlines", &|| dashboard(None));
    time("dashboard data: province 35, 2024 (same)", &|| dashboard(code("35")));
    time("dashboard data: regency 35.07, 2024 (same)", &|| dashboard(code("35.07")));
    let all_indicators = |region: Option<RegionCode>| {
        use lentera_core::services::catalogue;
        let list = catalogue::list(&env, false).unwrap();
        catalogue::compared(&env, &op, &rules, region, year_from, year_to, list).unwrap();
    };
    time("indicator page: all indicators × 3 spans, nation 2024", &|| all_indicators(None));
    time("indicator page: all indicators × 3 spans, province 35", &|| all_indicators(code("35")));
    for code_ in ["kelengkapan_laporan", "orang_dilatih", "perpustakaan_program", "kpi_merah"] {
        time(&format!("indicator breakdown: {code_}, nation 2024 per province/month"), &|| {
            lentera_core::services::catalogue::breakdown(&env, &op, &rules, None, year_from, year_to, code_).unwrap();
        });
    }
    time("indicators: nation, five years 2020–2024", &|| {
        let from = lentera_core::monthly::Period { year: 2020, month: 1 };
        lentera_core::services::indicators::summary(&env, &op, None, from, year_to).unwrap();
    });
    time("pivot: nation 2024, participants by category × gender per province", &|| {
        use lentera_core::pivot::{ColDim, Measure, PivotSpec, RowDim};
        let spec = PivotSpec {
            rows: RowDim::Region,
            cols: vec![ColDim::Category, ColDim::Gender],
            measure: Measure::Participants,
        };
        lentera_core::services::indicators::pivot(
            &env,
            &op,
            None,
            year_from,
            year_to,
            &spec,
            lentera_core::i18n::Lang::Id,
        )
        .unwrap();
    });
    time("pivot: province 35 2024, activities per month", &|| {
        use lentera_core::pivot::{Measure, PivotSpec, RowDim};
        let spec = PivotSpec { rows: RowDim::Month, cols: vec![], measure: Measure::Activities };
        lentera_core::services::indicators::pivot(
            &env,
            &op,
            code("35"),
            year_from,
            year_to,
            &spec,
            lentera_core::i18n::Lang::Id,
        )
        .unwrap();
    });
    time("pivot: nation, this year, budget leveraged by funding source per province", &|| {
        use lentera_core::pivot::{ColDim, Measure, PivotSpec, RowDim};
        let spec = PivotSpec { rows: RowDim::Region, cols: vec![ColDim::Source], measure: Measure::BudgetLeveraged };
        let this = lentera_core::monthly::Period { year: env.year(lentera_core::region::TimeZone::Wib), month: 1 };
        let end = lentera_core::monthly::Period { month: 12, ..this };
        lentera_core::services::indicators::pivot(&env, &op, None, this, end, &spec, lentera_core::i18n::Lang::Id)
            .unwrap();
    });
    time("open data: nation 2024 with advocacy per province", &|| {
        lentera_core::services::indicators::open_summary(&env, None, year_from, year_to).unwrap();
        lentera_core::services::indicators::open_advocacy(&env, None, year_from, year_to).unwrap();
    });
    let method = lentera_core::services::iplm::method(Some("normalised-2023"), 2024).unwrap();
    time("IPLM: all 38 provinces and 514 regencies/cities, 2024", &|| {
        let rows = lentera_core::services::iplm::regions_index(&env, &op, 2024, &method).unwrap();
        assert_eq!(rows.len(), 552);
    });
    time("events: 2023, first page", &|| {
        let f = lentera_core::event::EventFilter { year: Some(2023), ..Default::default() };
        lentera_core::services::events::list(&env, &op, f, PageRequest::new(None, Some(50))).unwrap();
    });
    time("event report: year 2023 (all events, breakdowns, gains)", &|| {
        lentera_core::services::event_reports::year(&env, &op, 2023, None).unwrap();
    });
    let print = lentera_web::pdf::CertificatePrint {
        number: "2023-0001-00001-ABCDE".into(),
        person_name: "Ni Luh Putu Ayu Lestari".into(),
        event_name: "Bimtek SPP-TIK Provinsi Bali 2023".into(),
        start_date: time::macros::date!(2023 - 05 - 08),
        end_date: time::macros::date!(2023 - 05 - 12),
        place: "Denpasar".into(),
        lesson_hours: 40,
        signatory_name: Some("Kepala Pusat".into()),
        signatory_title: Some("Perpustakaan Nasional RI".into()),
        verify_url: "https://lentera.example/verifikasi/2023-0001-00001-ABCDE".into(),
    };
    time("certificate: one PDF (fonts subset, QR)", &|| {
        lentera_web::pdf::certificates(std::slice::from_ref(&print)).unwrap();
    });
    if let Some(e) =
        lentera_core::services::events::list(&env, &op, Default::default(), PageRequest::new(None, Some(1)))
            .unwrap()
            .items
            .first()
    {
        let id = e.id;
        time("event: participants of one Bimtek", &|| {
            lentera_core::services::events::registrations(&env, &op, id, Default::default()).unwrap();
        });
        time("event: results (gain per module, evaluation)", &|| {
            lentera_core::services::training::results(&env, &op, id).unwrap();
        });
    }
    let this_year = env.year(lentera_core::region::TimeZone::Wib);
    time("work plans: the nation's plan-vs-actual sums, this year", &|| {
        lentera_core::services::workplans::region_summary(&env, &op, None, this_year).unwrap();
    });
    time("work plans: libraries without next year's plan, nation", &|| {
        lentera_core::services::calendar::missing_plans(&env, &op, None, None, 100).unwrap();
    });
    time("advocacy: promises kept, nation", &|| {
        lentera_core::services::advocacy::promises_kept(&env, &op, Default::default()).unwrap();
    });
    // A library with an approved plan when the data has one, else one with approved activities.
    let planned = lentera_core::services::workplans::list(
        &env,
        &op,
        lentera_core::workplan::WorkPlanFilter { status: Some(ReportStatus::Approved), ..Default::default() },
        PageRequest::new(None, Some(1)),
    )
    .unwrap()
    .items
    .first()
    .map(|p| p.library_id)
    .or_else(|| {
        let f = ActivityFilter { status: Some(ReportStatus::Approved), ..Default::default() };
        activities::list(&env, &op, f, PageRequest::new(None, Some(1))).unwrap().items.first().map(|a| a.library_id)
    });
    if let Some(library) = planned {
        let defaults = WebConfig::default();
        let rules =
            lentera_core::services::kpi::Rules { thresholds: defaults.kpi, deadline_day: defaults.deadline_day };
        time("advocacy brief: one library's PDF (gather + render)", &|| {
            let b = lentera_core::services::brief::of_library(
                &env,
                &rules,
                library,
                lentera_core::brief::Audience::VillageHead,
                None,
            )
            .unwrap();
            lentera_web::brief_pdf::brief(&b, "https://lentera.example/ringkasan/1", None).unwrap();
        });
        let library = lentera_core::services::libraries::get(&env, &op, library).unwrap();
        for (what, len) in [("regency's", 5), ("province's", 2)] {
            let Some(code) = library.region_code.as_str().get(..len).and_then(|c| RegionCode::parse(c).ok()) else {
                continue;
            };
            time(&format!("advocacy brief: the {what} PDF (gather + render)"), &|| {
                let b = lentera_core::services::brief::of_region(
                    &env,
                    &rules,
                    &code,
                    lentera_core::brief::Audience::Bappeda,
                    None,
                )
                .unwrap();
                lentera_web::brief_pdf::region_brief(&b, "https://lentera.example/ringkasan/wilayah/35").unwrap();
            });
        }
    }
    if let Some(mib) = peak_rss_mib() {
        println!("peak resident memory of the benchmark process (store, caches, all queries above): {mib} MiB");
    }
    Ok(())
}

/// Peak resident memory of this process (Linux), in MiB.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 =
        status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb / 1024)
}

fn tempfile_dir() -> Result<std::path::PathBuf, String> {
    let dir = std::env::temp_dir().join(format!(
        "lentera-bench-{}-{}",
        std::process::id(),
        lentera_core::password::new_secret()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}
