//! The charts of a comparison of plans (`drsim compare`), with their
//! captions: every plan's RTO and RPO as cumulative curves on one axis.
//! They are built one at a time, as each copies a value per run of every
//! plan.

use super::Captioned;
use crate::chart::{CompareData, Figure, Quantity};
use crate::report::compare::Compared;

/// The quantities a comparison draws, in page order.
pub const COMPARED_QUANTITIES: [Quantity; 2] = [Quantity::Rto, Quantity::Rpo];

/// The chart of `quantity` for every plan, with its caption.
pub fn compare_figure(plans: &[Compared], quantity: Quantity) -> Captioned {
    let caption = match quantity {
        Quantity::Rto => {
            "RTO of every plan: the share of runs in which the service was back within each time (further left and higher is better), and plan 1's RTO target (red line). A curve that ends below 100 % has runs never recovered; plans that do not differ lie on top of each other."
        }
        Quantity::Rpo => {
            "RPO (data lost) of every plan, drawn like the RTO: the share of runs that lost at most each time's worth of data, and plan 1's RPO target."
        }
    };
    Captioned {
        figure: Figure::Compare(CompareData::from_plans(plans, quantity)),
        caption,
    }
}
