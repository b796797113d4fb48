"""Emulation movements: the founding plan and its legal bases, the parent plan and its tasks,
content sections, phases, participating units, foreseen titles and forms; unit plans with
targets, staff briefings, registrations, and the criteria table."""
