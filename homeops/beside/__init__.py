"""The command line beside an open console: a command typed in another shell is run by the
console's session, over a private Unix socket, without a second passphrase or KDF.

``client`` (the command line's side) is lean: it imports only the standard library, so a
command served by the console starts fast. ``server`` (the console's side) runs each command
with the command line's own code, one at a time, its output captured and sent back.
"""
