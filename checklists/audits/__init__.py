"""Mystery calls and observations (神秘电话 / 现场抽查): a manager's audit of what a person said and did."""
