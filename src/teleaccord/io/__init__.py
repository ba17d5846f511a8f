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

__all__ = [
    "agreement_from_dict",
    "agreement_to_dict",
    "allowance_policy_from_dict",
    "allowance_policy_to_dict",
    "dump_agreement",
    "dump_allowance_policy",
    "load_agreement",
    "load_allowance_policy",
    "load_sample_agreement",
    "sample_agreements",
]
