//! The indicator catalogue: what the programme measures, as data. Each indicator names a
//! *measure* (something Lentera knows how to count: approved activities, women taking part,
//! reporting completeness, people trained…) with optional filters (activity categories, a
//! programme tier, an event type). The programme's indicators ship built in; national admins
//! add their own (e.g. "women in skills trainings") without code, and choose which appear
//! among a dashboard's headline numbers.

use serde::Serialize;

use crate::error::Errors;
use crate::i18n::Lang;
use crate::indicators::{ActivityCounts, MonthlyCounts};
use crate::library::ProgrammeTier;
use crate::{Error, Result};

crate::vocabulary! {
    /// What an indicator counts.
    Measure {
        Activities = "kegiatan", "Kegiatan disetujui", "Approved activities";
        Participants = "peserta", "Peserta kegiatan", "Activity participants";
        ParticipantsFemale = "peserta_perempuan", "Peserta perempuan", "Women taking part";
        ParticipantsMale = "peserta_laki_laki", "Peserta laki-laki", "Men taking part";
        Children = "peserta_anak", "Peserta anak", "Children taking part";
        Teens = "peserta_remaja", "Peserta remaja", "Teenagers taking part";
        Adults = "peserta_dewasa", "Peserta dewasa", "Adults taking part";
        Elderly = "peserta_lansia", "Peserta lansia", "Elderly taking part";
        Disabled = "peserta_disabilitas", "Peserta penyandang disabilitas", "Participants with disabilities";
        Stories = "kisah", "Kisah perubahan", "Stories of change";
        Income = "pendapatan", "Pendapatan dari kegiatan (Rp)", "Income from activities (Rp)";
        MonthlyReports = "laporan_bulanan", "Laporan bulanan disetujui", "Approved monthly reports";
        Visitors = "pengunjung", "Pengunjung perpustakaan", "Library visitors";
        VisitorsFemale = "pengunjung_perempuan", "Pengunjung perempuan", "Women visiting";
        VisitorsMale = "pengunjung_laki_laki", "Pengunjung laki-laki", "Men visiting";
        NewMembers = "anggota_baru", "Anggota baru", "New members";
        Loans = "peminjaman", "Peminjaman", "Loans";
        OnsiteReading = "baca_di_tempat", "Baca di tempat", "On-site reading";
        IctUsers = "pengguna_tik", "Pengguna TIK", "ICT users";
        Completeness = "kelengkapan_laporan", "Kelengkapan laporan bulanan (%)", "Monthly reporting completeness (%)";
        Timeliness = "ketepatan_waktu", "Ketepatan waktu laporan (%)", "Monthly reporting timeliness (%)";
        ProgrammeLibraries = "perpustakaan_program", "Perpustakaan peserta program", "Programme libraries";
        JoinedLibraries = "perpustakaan_bergabung", "Perpustakaan yang bergabung", "Libraries joining the programme";
        PeopleTrained = "orang_dilatih", "Orang terlatih", "People trained";
        AttendanceRate = "tingkat_kehadiran", "Tingkat kehadiran acara (%)", "Event attendance rate (%)";
        KnowledgeGain = "peningkatan_pengetahuan", "Peningkatan pengetahuan (poin)", "Knowledge gain (points)";
        KpiGreen = "kpi_hijau", "Perpustakaan KPI hijau", "Libraries with green KPI";
        KpiYellow = "kpi_kuning", "Perpustakaan KPI kuning", "Libraries with yellow KPI";
        KpiRed = "kpi_merah", "Perpustakaan KPI merah", "Libraries with red KPI";
        Advocacy = "advokasi", "Kegiatan advokasi", "Advocacy activities";
        CommitmentsMade = "janji_dibuat", "Janji dukungan dibuat", "Commitments made";
        CommitmentsKept = "janji_ditepati", "Janji dukungan ditepati", "Commitments kept";
        CommitmentsKeptRupiah = "janji_ditepati_rp", "Dana janji yang ditepati (Rp)", "Money of commitments kept (Rp)";
        RegulationsEnacted = "regulasi_ditetapkan", "Regulasi ditetapkan", "Regulations enacted";
        ActivePartnerships = "kemitraan_aktif", "Kemitraan aktif", "Active partnerships";
        BudgetLeveraged = "anggaran_diperoleh", "Anggaran diperoleh (Rp)", "Budget leveraged (Rp)";
        PlansApproved = "rencana_kerja_disetujui", "Perpustakaan dengan rencana kerja disetujui (%)", "Libraries with an approved work plan (%)";
    }
}

/// Where a measure's facts come from; facts of one source are fetched once per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Aggregates of approved activity reports.
    Activities,
    /// Aggregates of approved monthly figures.
    Monthly,
    /// Monthly reports submitted against the libraries expected to report.
    Reporting,
    /// The programme libraries as registered now.
    Libraries,
    /// Event registrations, attendance and tests.
    Training,
    /// KPI colours of the span's last month.
    Kpi,
    /// Advocacy, commitments, regulations, partnerships, work plans and their budgets.
    Advocacy,
}

/// How a value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    Rupiah,
    Percent,
    /// Percentage points (knowledge gain).
    Points,
}

/// A breakdown an indicator allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    /// By child region (every measure).
    Region,
    /// By month of the span.
    Month,
    /// By activity category.
    Category,
}

impl Unit {
    /// The name used in the API and files.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Rupiah => "rupiah",
            Unit::Percent => "percent",
            Unit::Points => "points",
        }
    }
}

impl Breakdown {
    pub fn code(self) -> &'static str {
        match self {
            Breakdown::Region => "region",
            Breakdown::Month => "month",
            Breakdown::Category => "category",
        }
    }
}

impl Measure {
    pub fn source(self) -> Source {
        use Measure::*;
        match self {
            Activities | Participants | ParticipantsFemale | ParticipantsMale | Children | Teens | Adults | Elderly
            | Disabled | Stories | Income => Source::Activities,
            MonthlyReports | Visitors | VisitorsFemale | VisitorsMale | NewMembers | Loans | OnsiteReading
            | IctUsers => Source::Monthly,
            Completeness | Timeliness => Source::Reporting,
            ProgrammeLibraries | JoinedLibraries => Source::Libraries,
            PeopleTrained | AttendanceRate | KnowledgeGain => Source::Training,
            KpiGreen | KpiYellow | KpiRed => Source::Kpi,
            Advocacy
            | CommitmentsMade
            | CommitmentsKept
            | CommitmentsKeptRupiah
            | RegulationsEnacted
            | ActivePartnerships
            | BudgetLeveraged
            | PlansApproved => Source::Advocacy,
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Measure::Income | Measure::CommitmentsKeptRupiah | Measure::BudgetLeveraged => Unit::Rupiah,
            Measure::Completeness | Measure::Timeliness | Measure::AttendanceRate | Measure::PlansApproved => {
                Unit::Percent
            }
            Measure::KnowledgeGain => Unit::Points,
            _ => Unit::Count,
        }
    }

    /// The measure's value in activity aggregates (`None` for measures of other sources).
    pub fn of_activities(self, a: &ActivityCounts) -> Option<i64> {
        use Measure::*;
        Some(match self {
            Activities => a.activities,
            Participants => a.participants(),
            ParticipantsFemale => a.people.female,
            ParticipantsMale => a.people.male,
            Children => a.people.children,
            Teens => a.people.teens,
            Adults => a.people.adults,
            Elderly => a.people.elderly,
            Disabled => a.people.disabled,
            Stories => a.stories,
            Income => a.income_rupiah,
            _ => return None,
        })
    }

    /// The measure's value in monthly-figure aggregates (`None` for measures of other sources).
    pub fn of_monthly(self, m: &MonthlyCounts) -> Option<i64> {
        use Measure::*;
        Some(match self {
            MonthlyReports => m.reports,
            Visitors => m.visitors(),
            VisitorsFemale => m.visitors_female,
            VisitorsMale => m.visitors_male,
            NewMembers => m.new_members,
            Loans => m.loans,
            OnsiteReading => m.onsite_reading,
            IctUsers => m.ict_users,
            _ => return None,
        })
    }

    pub fn breakdowns(self) -> &'static [Breakdown] {
        match self.source() {
            Source::Activities => &[Breakdown::Region, Breakdown::Month, Breakdown::Category],
            Source::Monthly | Source::Reporting | Source::Training => &[Breakdown::Region, Breakdown::Month],
            Source::Libraries | Source::Kpi => &[Breakdown::Region],
            Source::Advocacy => match self {
                Measure::Advocacy | Measure::CommitmentsMade | Measure::RegulationsEnacted => {
                    &[Breakdown::Region, Breakdown::Month]
                }
                _ => &[Breakdown::Region],
            },
        }
    }

    /// What the measure counts and over which time, for the catalogue page.
    pub fn explain(self, lang: Lang) -> &'static str {
        match self.source() {
            Source::Activities => lang.t(
                "Dijumlah dari laporan kegiatan yang disetujui, menurut bulan mulai kegiatan.",
                "Summed from approved activity reports, by the month the activity started.",
            ),
            Source::Monthly => lang.t(
                "Dijumlah dari laporan bulanan perpustakaan yang disetujui.",
                "Summed from approved monthly library reports.",
            ),
            Source::Reporting => lang.t(
                "Laporan bulanan yang dikirim (kelengkapan: dibanding bulan-perpustakaan yang wajib lapor; ketepatan: dikirim sebelum tenggat di zona waktu perpustakaan).",
                "Monthly reports submitted (completeness: against the library-months due; timeliness: submitted before the deadline in the library's time zone).",
            ),
            Source::Libraries => lang.t(
                "Perpustakaan aktif peserta program. Peserta: sudah bergabung sampai tahun akhir periode; bergabung: masuk program pada tahun-tahun periode.",
                "Active programme libraries. Members: joined by the span's last year; joining: joined in the span's years.",
            ),
            Source::Training => lang.t(
                "Dari acara yang berakhir dalam periode: peserta terdaftar menurut wilayah orangnya; terlatih = kehadiran memenuhi ambang acara (sekali per orang); peningkatan = rata-rata pasca-tes dikurangi pra-tes.",
                "From events ending in the span, registered participants by their own region; trained = attendance meeting the event's threshold (once per person); gain = mean post-test minus pre-test.",
            ),
            Source::Kpi => lang.t(
                "Jumlah perpustakaan program per warna KPI pada bulan terakhir periode.",
                "Programme libraries per KPI colour in the span's last month.",
            ),
            Source::Advocacy => lang.t(
                "Dari advokasi dan regulasi menurut tanggalnya; janji menurut tanggal advokasinya (ditepati: anggaran barisnya tercatat, per hari ini); kemitraan yang berjalan pada akhir periode; anggaran disetujui dan rencana kerja disetujui untuk tahun-tahun periode.",
                "From advocacy and regulations by their date; commitments by their advocacy's date (kept: their budget line recorded, as of today); partnerships running at the span's end; approved budgets and work plans for the span's years.",
            ),
        }
    }
}

/// Narrows what a measure counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filter {
    /// Activity categories (none: every category).
    pub categories: Vec<i64>,
    pub tier: Option<ProgrammeTier>,
    pub event_type: Option<i64>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty() && self.tier.is_none() && self.event_type.is_none()
    }
}

/// An indicator of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub id: i64,
    /// Stable, used in links, exports and the API.
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub definition: String,
    pub measure: Measure,
    pub filter: Filter,
    /// Shown among the dashboard's headline numbers.
    pub headline: bool,
    pub position: i64,
    pub active: bool,
    /// Shipped with Lentera: its code and measure stay; names, definition and display may change.
    pub built_in: bool,
    pub version: i64,
}

impl Indicator {
    pub fn title(&self, lang: Lang) -> &str {
        match (lang, &self.name_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.name,
        }
    }

    pub fn unit(&self) -> Unit {
        self.measure.unit()
    }
}

/// What an admin types to add or change an indicator.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct IndicatorInput {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub definition: String,
    pub measure: String,
    #[serde(default)]
    pub categories: Vec<i64>,
    pub tier: Option<String>,
    pub event_type: Option<i64>,
    #[serde(default)]
    pub headline: bool,
    pub position: Option<i64>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// A checked input, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorFields {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub definition: String,
    pub measure: Measure,
    pub filter: Filter,
    pub headline: bool,
    pub position: i64,
    pub active: bool,
}

fn clean(s: &str) -> String {
    s.trim().to_string()
}

impl IndicatorInput {
    /// Checks the input; `known_categories`/`known_event_types` are the managed lists' ids.
    pub fn check(&self, known_categories: &[i64], known_event_types: &[i64]) -> Result<IndicatorFields> {
        let mut errs = Errors::default();
        let code = clean(&self.code).to_lowercase();
        let code_ok = (2..=60).contains(&code.len())
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !code_ok {
            errs.add(
                "code",
                "Kode 2–60 karakter: huruf kecil, angka dan garis bawah, diawali huruf.",
                "Code of 2–60 characters: lower-case letters, digits and underscores, starting with a letter.",
            );
        }
        let name = clean(&self.name);
        if name.is_empty() || name.chars().count() > 120 {
            errs.add("name", "Nama wajib diisi (maks. 120 karakter).", "Name is required (max 120).");
        }
        let name_en = self.name_en.as_deref().map(clean).filter(|s| !s.is_empty());
        if name_en.as_ref().is_some_and(|n| n.chars().count() > 120) {
            errs.add("name_en", "Nama bahasa Inggris maks. 120 karakter.", "English name: max 120 characters.");
        }
        let definition = clean(&self.definition);
        if definition.is_empty() || definition.chars().count() > 2000 {
            errs.add(
                "definition",
                "Definisi wajib diisi (maks. 2000 karakter): apa yang dihitung dan untuk apa.",
                "Definition is required (max 2000): what is counted and why.",
            );
        }
        let measure = Measure::parse(&self.measure);
        if measure.is_none() {
            errs.add("measure", "Pilih apa yang dihitung.", "Choose what is counted.");
        }
        let source = measure.map(Measure::source);
        let mut categories = self.categories.clone();
        categories.sort_unstable();
        categories.dedup();
        if !categories.is_empty() {
            if source != Some(Source::Activities) {
                errs.add(
                    "categories",
                    "Saring kategori hanya untuk ukuran dari laporan kegiatan.",
                    "Category filters apply only to measures from activity reports.",
                );
            } else if categories.iter().any(|c| !known_categories.contains(c)) {
                errs.add("categories", "Kategori tidak dikenal.", "Unknown category.");
            }
        }
        let tier_text = self.tier.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let tier = tier_text.and_then(ProgrammeTier::parse);
        if tier_text.is_some() && tier.is_none() {
            errs.add("tier", "Jenis dukungan program tidak dikenal.", "Unknown programme tier.");
        } else if tier.is_some() && source != Some(Source::Libraries) {
            errs.add(
                "tier",
                "Saring jenis dukungan hanya untuk jumlah perpustakaan program.",
                "The tier filter applies only to the count of programme libraries.",
            );
        }
        if let Some(t) = self.event_type {
            if source != Some(Source::Training) {
                errs.add(
                    "event_type",
                    "Saring jenis acara hanya untuk ukuran pelatihan.",
                    "The event type filter applies only to training measures.",
                );
            } else if !known_event_types.contains(&t) {
                errs.add("event_type", "Jenis acara tidak dikenal.", "Unknown event type.");
            }
        }
        let position = self.position.unwrap_or(1000);
        if !(0..=100_000).contains(&position) {
            errs.add("position", "Urutan 0–100000.", "Position 0–100000.");
        }
        errs.finish()?;
        let measure = measure.ok_or_else(|| Error::unexpected("measure checked above"))?;
        Ok(IndicatorFields {
            code,
            name,
            name_en,
            definition,
            measure,
            filter: Filter { categories, tier, event_type: self.event_type },
            headline: self.headline,
            position,
            active: self.active,
        })
    }
}

/// A value as people read it: "1.234", "87,5%", "+12,3 poin", "Rp 1.234.000", or "—".
pub fn format_value(v: Option<f64>, unit: Unit, lang: Lang) -> String {
    let Some(v) = v else { return "—".into() };
    let one_decimal = |x: f64| crate::time_fmt::one_decimal(x, lang);
    match unit {
        Unit::Count => crate::time_fmt::number(v.round() as i64, lang),
        Unit::Rupiah => format!("Rp {}", crate::time_fmt::number(v.round() as i64, lang)),
        Unit::Percent => format!("{}%", one_decimal(v)),
        Unit::Points => {
            let sign = if v > 0.0 { "+" } else { "" };
            format!("{sign}{} {}", one_decimal(v), lang.t("poin", "points"))
        }
    }
}

/// Change from an earlier value: a signed percentage for counts, the difference in points
/// for percentages and gains ("—" without a base).
pub fn format_change(now: Option<f64>, before: Option<f64>, unit: Unit, lang: Lang) -> String {
    let (Some(now), Some(before)) = (now, before) else { return "—".into() };
    match unit {
        Unit::Count | Unit::Rupiah => {
            if before == 0.0 {
                return "—".into();
            }
            let pct = ((now - before) * 100.0 / before).round() as i64;
            format!("{}{pct}%", if pct > 0 { "+" } else { "" })
        }
        Unit::Percent | Unit::Points => {
            let d = now - before;
            let s = crate::time_fmt::one_decimal(d, lang);
            format!("{}{s} {}", if d > 0.0 { "+" } else { "" }, lang.t("poin", "pt"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(measure: &str) -> IndicatorInput {
        IndicatorInput {
            code: "perempuan_keterampilan".into(),
            name: "Perempuan di pelatihan keterampilan".into(),
            definition: "Peserta perempuan kegiatan pelatihan keterampilan yang disetujui.".into(),
            measure: measure.into(),
            active: true,
            ..Default::default()
        }
    }

    #[test]
    fn checks_filters_against_the_measure() {
        let ok = IndicatorInput { categories: vec![1, 1], ..input("peserta_perempuan") }.check(&[1, 2], &[]).unwrap();
        assert_eq!(ok.filter.categories, vec![1]);
        assert_eq!(ok.measure, Measure::ParticipantsFemale);
        let e = IndicatorInput { categories: vec![1], ..input("pengunjung") }.check(&[1], &[]).unwrap_err();
        assert!(matches!(e, Error::Validation(ref v) if v[0].field == "categories"));
        let e = IndicatorInput { categories: vec![9], ..input("kegiatan") }.check(&[1], &[]).unwrap_err();
        assert!(matches!(e, Error::Validation(ref v) if v[0].field == "categories"));
        let e = IndicatorInput { tier: Some("penuh".into()), ..input("kegiatan") }.check(&[], &[]).unwrap_err();
        assert!(matches!(e, Error::Validation(ref v) if v[0].field == "tier"));
        let ok = IndicatorInput { tier: Some("penuh".into()), ..input("perpustakaan_program") }.check(&[], &[]);
        assert_eq!(ok.unwrap().filter.tier, Some(ProgrammeTier::Full));
        let e = IndicatorInput { event_type: Some(3), ..input("orang_dilatih") }.check(&[], &[1]).unwrap_err();
        assert!(matches!(e, Error::Validation(ref v) if v[0].field == "event_type"));
        let e = IndicatorInput { code: "Bad code".into(), measure: "x".into(), ..input("") }.check(&[], &[]);
        let Err(Error::Validation(v)) = e else { panic!() };
        assert_eq!(v.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["code", "measure"]);
    }

    #[test]
    fn formats_by_unit() {
        assert_eq!(format_value(Some(1234.0), Unit::Count, Lang::Id), "1.234");
        assert_eq!(format_value(Some(87.456), Unit::Percent, Lang::Id), "87,5%");
        assert_eq!(format_value(Some(12.34), Unit::Points, Lang::En), "+12.3 points");
        assert_eq!(format_value(None, Unit::Percent, Lang::Id), "—");
        assert_eq!(format_change(Some(150.0), Some(100.0), Unit::Count, Lang::Id), "+50%");
        assert_eq!(format_change(Some(80.0), Some(90.0), Unit::Percent, Lang::Id), "-10,0 poin");
        assert_eq!(format_change(Some(5.0), Some(0.0), Unit::Count, Lang::Id), "—");
    }
}
