-- KEYS[1] a session that a sign-in just bound, when the user's index then refused it (the cap was reached
-- by a concurrent sign-in). Removes the binding if it is still that sign-in's; the session and its data stay.
-- Returns {OK}.
if redis.call('HGET', KEYS[1], F_SIGN_IN) == sign_in then
  redis.call('HDEL', KEYS[1], F_USER, F_DEVICE, F_SIGNED_IN, F_SIGN_IN)
end
return reply_ok()
