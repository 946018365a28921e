"""Staff sign-in: a second factor (TOTP, with recovery codes) for everyone who can
see personal data, and failed sign-ins throttled per account and per address.

- ``policy.needs_second_factor(user)`` decides who must use a second factor;
- ``middleware.SecondFactorMiddleware`` sends such a user, signed in with a password
  only, to the verification page (or to the set-up page if they have no device yet);
- ``devices`` creates, confirms and checks the devices (django-otp's TOTP and static
  devices), ``throttle`` plugs django-axes into the project's client address and
  shows its lockout on Wagtail's login page.
"""
