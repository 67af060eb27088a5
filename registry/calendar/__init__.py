"""The working-day calendar: each year's public holidays and adjusted working days (调休),
kept by the bureau from the State Council's notices, counting public notice periods."""
