"""Printable slips (派工单, key loan slip, cash and shift handover sheets): one pure layout module per family
turns plain rows into a `Slip`; `render` prints any slip as a PDF."""
