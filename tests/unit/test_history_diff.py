from store.history import CHANGED, diff


def test_diff_lists_only_changed_fields_as_old_and_new():
    assert diff({"role": "staff", "name": "A"}, {"role": "manager", "name": "A"}) == {
        "role": ["staff", "manager"]
    }


def test_diff_never_copies_a_password_hash_into_the_history():
    changes = diff({"password_hash": "$argon2id$old"}, {"password_hash": "$argon2id$new"})
    assert changes == {"password_hash": [CHANGED, CHANGED]}
