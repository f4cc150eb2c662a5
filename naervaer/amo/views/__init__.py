"""The AMO's workspace, one module per feature:

- ``overview``: the front page (processes, open reports, APV problems and actions);
- ``process``: the 4-step process (mapping, priorities, implementation, evaluation), its
  action-plan export and the industry's starting themes;
- ``roles``: the roles-and-cooperation overview;
- ``apv``: the APV register;
- ``reports``: problem reports, for the AMO and on the public pages anyone may use, and the
  poster with the report form's QR code;
- ``annual``: the annual work-environment discussion.

Access goes through ``naervaer.access`` (AMO and HR of the organisation); nothing here shows a
person's absence, only groups of at least five people.
"""
