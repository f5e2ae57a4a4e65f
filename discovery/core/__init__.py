"""The app core: discoveries, authorities, users, sign-in and permissions."""
