-- KEYS[1] a copy made by a move that could not finish (step 3 found the move given up), and KEYS[2] its
-- lock. Deletes both: the old session stays the live one. Returns {OK}.
redis.call('DEL', KEYS[1], KEYS[2])
return reply_ok()
