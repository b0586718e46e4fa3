"""`coursec preview`: compile in memory, serve the course in an LMS emulation page, rebuild on every save."""
