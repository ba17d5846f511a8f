"""The edges of teleaccord: loading and writing files, where bad input is caught.

Domain modules import nothing from here; these modules import the domain.
"""

from teleaccord.io.agreement_file import (
    agreement_from_dict,
    agreement_to_dict,
    dump_agreement,
    load_agreement,
    load_sample_agreement,
    sample_agreements,
)
from teleaccord.io.allowance_file import (
    allowance_policy_from_dict,
    allowance_policy_to_dict,
    dump_allowance_policy,
    load_allowance_policy,
)
from teleaccord.io.convert import structure, unstructure
from teleaccord.io.reports import report_data
from teleaccord.io.tables import (
    default_exemption_table,
    default_threshold_table,
    exemption_table_from_dict,
    exemption_table_to_dict,
    load_exemption_table,
    load_threshold_table,
    threshold_table_from_dict,
    threshold_table_to_dict,
)

__all__ = [
    "agreement_from_dict",
    "agreement_to_dict",
    "allowance_policy_from_dict",
    "allowance_policy_to_dict",
    "default_exemption_table",
    "default_threshold_table",
    "dump_agreement",
    "dump_allowance_policy",
    "exemption_table_from_dict",
    "exemption_table_to_dict",
    "load_agreement",
    "load_allowance_policy",
    "load_exemption_table",
    "load_sample_agreement",
    "load_threshold_table",
    "report_data",
    "sample_agreements",
    "structure",
    "threshold_table_from_dict",
    "threshold_table_to_dict",
    "unstructure",
]
