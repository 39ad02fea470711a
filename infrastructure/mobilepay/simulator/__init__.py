"""The MobilePay simulator: the vendor's API, a phone page and a control page, written from the vendor's description.

It imports nothing of the portal's MobilePay adapter, so the contract tests compare two independent readings.
"""

from infrastructure.mobilepay.simulator.app import create_simulator_app
from infrastructure.mobilepay.simulator.mount import simulator_mount
from infrastructure.mobilepay.simulator.state import SimulatorState

__all__ = ["SimulatorState", "create_simulator_app", "simulator_mount"]
