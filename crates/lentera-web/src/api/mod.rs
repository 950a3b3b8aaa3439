//! The JSON API under `/api/v1`: bearer-token authentication, one error object shape,
//! pagination, and an OpenAPI 3 document generated from these handlers' annotations.

mod accounts;
mod activities;
mod advocacy;
mod agreements;
mod catalogue;
mod equipment;
mod events;
mod extract;
mod imports;
mod indicators;
mod kpi;
mod ktak;
mod libraries;
mod monthly;
mod partners;
mod regions;
mod report_imports;
mod review;
mod training;
mod workplans;

use axum::routing::{get, post, put};
use axum::{Json, Router};
use lentera_core::Error;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::AppState;
use crate::http::error::ApiError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/regions", get(regions::list))
        .route("/regions/search", get(regions::search))
        .route("/regions/{code}", get(regions::show))
        .route("/regions/{code}/children", get(regions::children))
        .route("/libraries", get(libraries::list).post(libraries::create))
        .route("/libraries/export", get(libraries::export))
        .route(
            "/libraries/import",
            post(libraries::import).layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route("/libraries/{id}", get(libraries::show).put(libraries::update).delete(libraries::delete))
        .route("/libraries/{id}/ktak", get(ktak::ktak))
        .route("/libraries/{id}/equipment", get(equipment::equipment).post(equipment::add_equipment))
        .route(
            "/libraries/{id}/equipment/{equipment_id}",
            put(equipment::update_equipment).delete(equipment::delete_equipment),
        )
        .route("/libraries/{id}/ktak/{year}", put(ktak::save_ktak))
        .route("/me", get(accounts::me))
        .route("/me/password", post(accounts::change_password))
        .route("/users", get(accounts::list_users).post(accounts::create_user))
        .route("/users/{id}", get(accounts::show_user).patch(accounts::update_user))
        .route("/users/{id}/password", post(accounts::reset_password))
        .route("/tokens", get(accounts::list_tokens).post(accounts::create_token))
        .route("/tokens/{id}", axum::routing::delete(accounts::revoke_token))
        .route("/audit", get(accounts::audit))
        .route("/events", get(events::list).post(events::create))
        .route("/events/{id}", get(events::show).put(events::update).delete(events::delete))
        .route("/events/{id}/quotas", put(events::save_quotas))
        .route("/events/{id}/sessions", post(events::add_session))
        .route("/events/{id}/sessions/{session_id}", axum::routing::delete(events::delete_session))
        .route("/events/{id}/registrations", get(events::registrations).post(events::nominate))
        .route("/events/{id}/registrations/{registration_id}/status", post(events::set_status))
        .route("/events/{id}/attendance", get(events::attendance).put(events::mark))
        .route("/events/{id}/attendance/conference", post(events::conference))
        .route("/event-types", get(events::event_types))
        .route("/curriculum-modules", get(events::modules))
        .route("/people", get(events::people))
        .route("/people/{id}/export", get(events::export_person))
        .route("/people/{id}/anonymise", post(events::anonymise_person))
        .route("/indicators/summary", get(indicators::summary))
        .route("/indicators/pivot", get(indicators::pivot))
        .route("/indicators/dhis2", get(indicators::dhis2))
        .route("/indicators/values", get(catalogue::values))
        .route("/indicators/catalogue", get(catalogue::list).post(catalogue::create))
        .route("/indicators/catalogue/{code}", put(catalogue::update))
        .route("/indicators/catalogue/{code}/values", get(catalogue::breakdown))
        .route("/iplm", get(indicators::iplm))
        .route("/questions", get(training::questions).post(training::add_question))
        .route("/events/{id}/tests/{kind}", put(training::set_test))
        .route("/events/{id}/report", get(training::event_report))
        .route("/event-reports/{year}", get(training::year_report))
        .route("/events/{id}/certificates", get(training::certificates).post(training::issue))
        .route("/events/{id}/certificates/{certificate_id}/revoke", post(training::revoke))
        .route("/certificates/{number}", get(training::verify))
        .route("/events/{id}/follow-ups", get(training::event_follow_ups))
        .route("/libraries/{id}/follow-ups", get(training::library_follow_ups))
        .route("/activities", get(activities::list).post(activities::create))
        .route("/activities/{id}", get(activities::show).put(activities::update))
        .route("/activities/{id}/transitions", post(activities::transition))
        .route("/activity-categories", get(activities::categories))
        .route(
            "/activities/{id}/photos",
            get(activities::photos)
                .post(activities::add_photo)
                .layer(axum::extract::DefaultBodyLimit::max(lentera_core::activity::MAX_PHOTO_BYTES + 1024)),
        )
        .route("/activities/{id}/photos/{photo_id}", axum::routing::delete(activities::delete_photo))
        .route("/photos/{name}", get(activities::photo_file))
        .route("/monthly-reports", get(monthly::list).post(monthly::create))
        .route("/monthly-reports/{id}", get(monthly::show).put(monthly::update))
        .route("/monthly-reports/{id}/transitions", post(monthly::transition))
        .route(
            "/activities/import",
            post(report_imports::activities).layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route(
            "/monthly-reports/import",
            post(report_imports::monthly).layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route("/work-plans", get(workplans::list).post(workplans::create))
        .route("/work-plans/summary", get(workplans::summary))
        .route("/work-plans/missing", get(workplans::missing))
        .route("/budget-calendar", get(workplans::budget_calendar))
        .route("/budget-calendar/{step}", put(workplans::save_step))
        .route("/work-plans/{id}", get(workplans::show).put(workplans::update))
        .route("/work-plans/{id}/transitions", post(workplans::transition))
        .route("/work-plans/{id}/revisions", post(workplans::revise))
        .route("/work-plans/{id}/budget-lines/{no}", put(workplans::record_outcome))
        .route("/work-plans/{id}/plan-vs-actual", get(workplans::plan_vs_actual))
        .route("/activities/{id}/plan-link", get(workplans::activity_link).put(workplans::set_activity_link))
        .route("/activities/{id}/partners", get(partners::of_activity).put(partners::set))
        .route("/libraries/{id}/partner-suggestions", get(partners::suggestions).post(partners::confirm))
        .route("/stakeholders", get(advocacy::stakeholders).post(advocacy::create_stakeholder))
        .route("/stakeholders/{id}", get(advocacy::stakeholder).put(advocacy::update_stakeholder))
        .route("/advocacy", get(advocacy::list).post(advocacy::create))
        .route("/advocacy/{id}", get(advocacy::show).put(advocacy::update))
        .route("/advocacy/{id}/commitments", post(advocacy::add_commitment))
        .route("/commitments/summary", get(advocacy::promises_kept))
        .route("/commitments/{id}", put(advocacy::resolve))
        .route("/regulations", get(agreements::regulations).post(agreements::create_regulation))
        .route("/regulations/{id}", get(agreements::regulation).put(agreements::update_regulation))
        .route("/partnerships", get(agreements::partnerships).post(agreements::create_partnership))
        .route("/partnerships/{id}", get(agreements::partnership).put(agreements::update_partnership))
        .route(
            "/documents/{kind}/{id}",
            get(agreements::documents)
                .post(agreements::upload)
                .layer(axum::extract::DefaultBodyLimit::max(lentera_core::agreements::MAX_DOCUMENT_BYTES + 64 * 1024)),
        )
        .route("/completeness", get(kpi::completeness))
        .route("/kpi", get(kpi::region))
        .route("/libraries/{id}/kpi", get(kpi::library))
        .fallback(|| async { ApiError::from(Error::NotFound) })
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Lentera API", description = "TPBIS programme data: regions, libraries, accounts, audit. Errors always use the ErrorBody shape.", version = "1"),
    paths(
        regions::list, regions::search, regions::show, regions::children,
        libraries::list, libraries::create, libraries::show, libraries::update, libraries::delete,
        ktak::ktak, ktak::save_ktak, equipment::equipment, equipment::add_equipment,
        equipment::update_equipment, equipment::delete_equipment, libraries::import, libraries::export,
        accounts::me, accounts::change_password, accounts::list_users, accounts::create_user, accounts::show_user,
        accounts::update_user, accounts::reset_password, accounts::list_tokens, accounts::create_token,
        accounts::revoke_token, accounts::audit, activities::list, activities::create, activities::show,
        activities::update, activities::transition, activities::categories, activities::photos, activities::add_photo,
        activities::delete_photo, activities::photo_file, monthly::list, monthly::create, monthly::show, monthly::update,
        monthly::transition, kpi::completeness, kpi::region, kpi::library,
        report_imports::activities, report_imports::monthly,
        events::list, events::create, events::show, events::update, events::delete, events::save_quotas,
        events::add_session, events::delete_session, events::registrations, events::nominate, events::set_status,
        events::attendance, events::mark, events::conference, events::event_types, events::modules, events::people,
        events::export_person, events::anonymise_person,
        training::questions, training::add_question, training::set_test, training::event_report, training::year_report,
        training::certificates, training::issue, training::revoke, training::verify, training::event_follow_ups,
        training::library_follow_ups, indicators::summary, indicators::pivot, indicators::dhis2, indicators::iplm,
        catalogue::list, catalogue::create, catalogue::update, catalogue::values, catalogue::breakdown,
        workplans::list, workplans::create, workplans::show, workplans::update, workplans::transition, workplans::revise,
        workplans::record_outcome, workplans::plan_vs_actual, workplans::summary, workplans::activity_link,
        workplans::set_activity_link, advocacy::stakeholders, advocacy::create_stakeholder, advocacy::stakeholder,
        advocacy::update_stakeholder, advocacy::list, advocacy::create, advocacy::show, advocacy::update,
        advocacy::add_commitment, advocacy::resolve, advocacy::promises_kept, workplans::budget_calendar,
        workplans::save_step, workplans::missing, agreements::regulations, agreements::create_regulation,
        agreements::regulation, agreements::update_regulation, agreements::partnerships, agreements::create_partnership,
        agreements::partnership, agreements::update_partnership, agreements::documents, agreements::upload,
        partners::of_activity, partners::set, partners::suggestions, partners::confirm,
    ),
    components(schemas(
        crate::vocab::LibraryTypeCode, crate::vocab::LibraryStatusCode, crate::vocab::ProgrammeTierCode, crate::vocab::RoleCode,
        crate::vocab::SortCode, crate::vocab::LevelName, crate::vocab::ImportModeCode, crate::vocab::FileFormat,
        crate::vocab::ReportStatusCode, crate::vocab::PhotoSizeName, crate::vocab::TransitionCode, crate::vocab::EquipmentItemCode, crate::vocab::EquipmentConditionCode,
        crate::vocab::FundingSourceCode, crate::vocab::NeedSourceCode, crate::vocab::StakeholderKindCode,
        crate::vocab::StakeholderRoleCode, crate::vocab::AdvocacyKindCode, crate::vocab::CommitmentKindCode,
        crate::vocab::CommitmentStandingCode, crate::vocab::BudgetStepCode, crate::vocab::RegulationLevelCode,
        crate::vocab::RegulationStatusCode, crate::vocab::ContributionCode, crate::vocab::DocumentOwnerCode,
    )),
    modifiers(&BearerAuth),
    tags((name = "regions", description = "Official regions (public)"), (name = "libraries", description = "The library registry"), (name = "accounts", description = "Users, tokens, audit"), (name = "activities", description = "Community-engagement activity reports and their review"), (name = "monthly", description = "Monthly library figures, their review, completeness and KPI colours"), (name = "events", description = "Programme events (Bimtek and others): registration within quotas, attendance"), (name = "indicators", description = "Indicator figures from approved reports"), (name = "advocacy", description = "Stakeholders, advocacy activities, commitments and promises kept"), (name = "work-plans", description = "Work plans per library and year: needs, planned activities, budget lines by funding source, review, recorded amounts, plan vs actual"))
)]
pub struct ApiDoc;

/// The OpenAPI document, generated from the handlers' annotations, with the year bounds
/// that move with the calendar filled in (`year` is the current one).
pub fn openapi(year: i32) -> utoipa::openapi::OpenApi {
    use lentera_core::library::FIRST_PROGRAMME_YEAR;
    let mut doc = ApiDoc::openapi();
    set_property_bounds(&mut doc, "LibraryRequest", "founded_year", 1800, year);
    set_property_bounds(&mut doc, "ProgrammeRequest", "year", FIRST_PROGRAMME_YEAR, year + 1);
    set_path_param_bounds(&mut doc, "/api/v1/libraries/{id}/ktak/{year}", "year", FIRST_PROGRAMME_YEAR - 10, year);
    set_property_bounds(&mut doc, "EquipmentRequest", "year_received", FIRST_PROGRAMME_YEAR - 20, year);
    doc
}

fn integer_schema(min: i32, max: i32) -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int32)))
        .minimum(Some(min))
        .maximum(Some(max))
        .build()
}

fn set_property_bounds(doc: &mut utoipa::openapi::OpenApi, schema: &str, property: &str, min: i32, max: i32) {
    use utoipa::openapi::{RefOr, schema::Schema};
    let Some(components) = doc.components.as_mut() else { return };
    if let Some(RefOr::T(Schema::Object(obj))) = components.schemas.get_mut(schema)
        && let Some(RefOr::T(Schema::Object(p))) = obj.properties.get_mut(property)
    {
        p.minimum = Some(min.into());
        p.maximum = Some(max.into());
    }
}

fn set_path_param_bounds(doc: &mut utoipa::openapi::OpenApi, path: &str, name: &str, min: i32, max: i32) {
    use utoipa::openapi::{RefOr, schema::Schema};
    let Some(item) = doc.paths.paths.get_mut(path) else { return };
    for op in [item.get.as_mut(), item.put.as_mut()].into_iter().flatten() {
        for p in op.parameters.iter_mut().flatten().filter(|p| p.name == name) {
            p.schema = Some(RefOr::T(Schema::Object(integer_schema(min, max))));
        }
    }
}

async fn openapi_json(axum::extract::State(state): axum::extract::State<AppState>) -> Json<utoipa::openapi::OpenApi> {
    Json(openapi(state.env.year(lentera_core::region::TimeZone::Wib)))
}
