//! The code vocabularies of the OpenAPI document, made from the core's own lists: the
//! document names exactly the codes the core accepts, and a code added in the core appears
//! here without a copy to keep in step. Values travel as strings; these types only describe
//! them (`#[param(value_type = …)]`, `#[schema(value_type = …)]`).

use std::borrow::Cow;

use lentera_core::kpi::Colour;
use lentera_core::library::{
    EquipmentCondition, EquipmentItem, LibrarySort, LibraryStatus, LibraryType, ProgrammeTier,
};
use lentera_core::region::RegionLevel;
use lentera_core::reporting::{ReportStatus, Transition};
use lentera_core::services::libraries::ImportMode;
use lentera_core::user::Role;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// A string schema listing `codes`.
fn codes_schema(codes: impl IntoIterator<Item = &'static str>, description: Option<&str>) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).description(description).enum_values(Some(codes)).build().into()
}

/// Declares a schema named `$name` whose values are the codes `$codes` yields.
macro_rules! code_schema {
    ($name:ident, $schema_name:literal, $codes:expr, $description:expr) => {
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                codes_schema($codes, $description)
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($schema_name)
            }
        }
    };
}

code_schema!(
    LibraryTypeCode,
    "LibraryTypeCode",
    LibraryType::ALL.iter().map(|v| v.code()),
    Some("Library type codes (documentation of the accepted values).")
);
code_schema!(LibraryStatusCode, "LibraryStatusCode", LibraryStatus::ALL.iter().map(|v| v.code()), None);
code_schema!(ProgrammeTierCode, "ProgrammeTierCode", ProgrammeTier::ALL.iter().map(|v| v.code()), None);
code_schema!(RoleCode, "RoleCode", Role::ALL.iter().map(|v| v.code()), None);
code_schema!(EquipmentItemCode, "EquipmentItemCode", EquipmentItem::ALL.iter().map(|v| v.code()), None);
code_schema!(EquipmentConditionCode, "EquipmentConditionCode", EquipmentCondition::ALL.iter().map(|v| v.code()), None);
code_schema!(TransitionCode, "TransitionCode", Transition::ALL.iter().map(|v| v.code()), None);
// The schema keeps the name it was first published under.
code_schema!(ReportStatusCode, "StatusCode_", ReportStatus::ALL.iter().map(|v| v.code()), None);
code_schema!(LevelName, "LevelName", RegionLevel::ALL.iter().map(|v| v.code()), None);
code_schema!(SortCode, "SortCode", LibrarySort::ALL.iter().map(|v| v.0), Some("Orders of a library list."));
code_schema!(
    FundingSourceCode,
    "FundingSourceCode",
    lentera_core::workplan::FundingSource::ALL.iter().map(|v| v.code()),
    Some(
        "Funding sources: the village revenue accounts of Permendagri 20/2018 (dd 4.2.1, add 4.2.3, pad 4.1.1, swadaya 4.1.3, bhpr 4.2.2, ban_prov 4.2.4, ban_kab 4.2.5, pihak_ketiga 4.3.1), apbd, apbn."
    )
);
code_schema!(NeedSourceCode, "NeedSourceCode", lentera_core::workplan::NeedSource::ALL.iter().map(|v| v.code()), None);
code_schema!(
    StakeholderKindCode,
    "StakeholderKindCode",
    lentera_core::advocacy::StakeholderKind::ALL.iter().map(|v| v.code()),
    None
);
code_schema!(
    StakeholderRoleCode,
    "StakeholderRoleCode",
    lentera_core::advocacy::StakeholderRole::ALL.iter().map(|v| v.code()),
    None
);
code_schema!(
    AdvocacyKindCode,
    "AdvocacyKindCode",
    lentera_core::advocacy::AdvocacyKind::ALL.iter().map(|v| v.code()),
    None
);
code_schema!(
    CommitmentKindCode,
    "CommitmentKindCode",
    lentera_core::advocacy::CommitmentKind::ALL.iter().map(|v| v.code()),
    None
);
code_schema!(
    CommitmentStandingCode,
    "CommitmentStandingCode",
    lentera_core::advocacy::CommitmentStanding::ALL.iter().map(|v| v.code()),
    Some("open, kept, kept_partly, lapsed.")
);
code_schema!(BudgetStepCode, "BudgetStepCode", lentera_core::calendar::BudgetStep::ALL.iter().map(|v| v.code()), None);
code_schema!(
    RegulationLevelCode,
    "RegulationLevelCode",
    lentera_core::agreements::RegulationLevel::ALL.iter().map(|v| v.code()),
    None
);
code_schema!(
    RegulationStatusCode,
    "RegulationStatusCode",
    lentera_core::agreements::RegulationStatus::ALL.iter().map(|v| v.code()),
    None
);
code_schema!(
    ContributionCode,
    "ContributionCode",
    lentera_core::agreements::Contribution::ALL.iter().map(|v| v.code()),
    None
);
code_schema!(
    DocumentOwnerCode,
    "DocumentOwnerCode",
    lentera_core::agreements::DocumentOwner::ALL.iter().map(|v| v.code()),
    None
);
code_schema!(ImportModeCode, "ImportMode", ImportMode::ALL.iter().map(|v| v.code()), None);
/// The sizes a photo is served in.
pub const PHOTO_SIZES: [&str; 2] = ["web", "thumb"];
/// The table formats imports and exports read and write.
pub const FILE_FORMATS: [&str; 2] = ["csv", "xlsx"];

code_schema!(PhotoSizeName, "PhotoSizeName", PHOTO_SIZES, None);
code_schema!(FileFormat, "FileFormat", FILE_FORMATS, None);
code_schema!(
    ColourCode,
    "ColourCode",
    Colour::ALL.iter().map(|v| v.code()),
    Some("`red`, `yellow` or `green` (documentation only: values travel as strings).")
);

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    /// The document lists what the core parses, nothing more or less.
    #[test]
    fn schemas_list_the_cores_codes() {
        let json = serde_json::to_value(super::ReportStatusCode::schema()).unwrap();
        let listed: Vec<&str> = json["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(listed, ["draft", "submitted", "verified", "approved", "returned"]);
        for code in listed {
            assert!(lentera_core::reporting::ReportStatus::parse(code).is_some());
        }
        let sorts = serde_json::to_value(super::SortCode::schema()).unwrap();
        assert_eq!(sorts["description"], "Orders of a library list.");
    }
}
