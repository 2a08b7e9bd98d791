//! Open311 keys and API tokens as the store keeps them: one live key (or token) of a name per
//! organisation, even when two are made at the same moment; each make and revoke kept with who
//! did it; another organisation's left alone. On SQLite and PostgreSQL.
use asbcase_domain::api::{TokenScope, new_token};
use asbcase_domain::organisation::OrganisationKind;
use asbcase_domain::{OrganisationId, TenantId};
use asbcase_store::{ApiToken, Open311Key, Organisation, Store, StoreError, both_backends};
use jiff::Timestamp;

mod common;
use common::world;

fn token(tenant: TenantId, org: OrganisationId, name: &str) -> ApiToken {
    ApiToken {
        tenant,
        id: uuid::Uuid::now_v7(),
        organisation: org,
        name: name.into(),
        scope: TokenScope::Read,
        created_at: Timestamp::now(),
        revoked_at: None,
        last_used_at: None,
        created_by: None,
        revoked_by: None,
    }
}

fn key(tenant: TenantId, org: OrganisationId, name: &str) -> Open311Key {
    Open311Key {
        tenant,
        id: uuid::Uuid::new_v4(),
        name: name.into(),
        receiving_organisation: org,
        created_at: Timestamp::now(),
        revoked_at: None,
        created_by: None,
        revoked_by: None,
    }
}

async fn landlord(store: &Store, tenant: TenantId) -> OrganisationId {
    let o = Organisation {
        tenant,
        id: OrganisationId::new(),
        name: "Vale Homes".into(),
        kind: OrganisationKind::SocialLandlord,
    };
    store.create_organisation(&o).await.unwrap();
    o.id
}

both_backends!(one_live_token_of_a_name_even_when_several_are_made_at_once, |db| async move {
    let w = world(&db.store).await;
    let tries = (0..6).map(|i| {
        let store = db.store.clone();
        // The same name, however it is spaced or capitalised.
        let name = if i % 2 == 0 { "Housing system" } else { "housing  SYSTEM" };
        let t = token(w.tenant, w.org, name);
        tokio::spawn(async move { store.create_api_token(&t, &new_token().1, "Alex Admin").await })
    });
    let mut made = 0;
    for t in tries.collect::<Vec<_>>() {
        match t.await.unwrap() {
            Ok(()) => made += 1,
            Err(StoreError::Duplicate(_)) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(made, 1);
    let tokens = db.store.api_tokens(w.tenant, w.org).await.unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].created_by.as_deref(), Some("Alex Admin"));
    assert_eq!(db.store.api_token_changes(w.tenant, w.org).await.unwrap().len(), 1, "only what was made is kept");

    // Another organisation's token of the same name is its own; once revoked, the name is free.
    let other = landlord(&db.store, w.tenant).await;
    db.store.create_api_token(&token(w.tenant, other, "Housing system"), &new_token().1, "Lee Admin").await.unwrap();
    assert!(!db.store.revoke_api_token(w.tenant, other, tokens[0].id, "Lee Admin", Timestamp::now()).await.unwrap());
    assert!(db.store.api_tokens(w.tenant, w.org).await.unwrap()[0].revoked_at.is_none(), "not theirs to revoke");
    assert!(db.store.revoke_api_token(w.tenant, w.org, tokens[0].id, "Alex Admin", Timestamp::now()).await.unwrap());
    assert!(!db.store.revoke_api_token(w.tenant, w.org, tokens[0].id, "Alex Admin", Timestamp::now()).await.unwrap());
    db.store.create_api_token(&token(w.tenant, w.org, "Housing system"), &new_token().1, "Alex Admin").await.unwrap();
    let tokens = db.store.api_tokens(w.tenant, w.org).await.unwrap();
    assert_eq!(tokens[0].revoked_by.as_deref(), Some("Alex Admin"));
    let first = &tokens[0].name;
    let said: Vec<String> =
        db.store.api_token_changes(w.tenant, w.org).await.unwrap().into_iter().map(|c| c.summary).collect();
    assert_eq!(
        said,
        [
            "Made the API token ‘Housing system’ (read cases and figures)",
            &format!("Revoked the API token ‘{first}’"),
            &format!("Made the API token ‘{first}’ (read cases and figures)"),
        ]
    );
});

both_backends!(an_organisation_s_open311_keys_are_its_own_to_list_and_revoke, |db| async move {
    let w = world(&db.store).await;
    let other = landlord(&db.store, w.tenant).await;
    let (_, hash) = asbcase_domain::open311::new_key();
    let ours = key(w.tenant, w.org, "FixMyStreet");
    db.store.add_open311_key(&ours, &hash, "Alex Admin").await.unwrap();
    let twin = key(w.tenant, w.org, "fixmystreet");
    let again = db.store.add_open311_key(&twin, &asbcase_domain::open311::new_key().1, "x").await;
    assert!(matches!(again, Err(StoreError::Duplicate(_))), "{again:?}");
    let theirs = key(w.tenant, other, "FixMyStreet");
    db.store.add_open311_key(&theirs, &asbcase_domain::open311::new_key().1, "Lee Admin").await.unwrap();

    let listed = db.store.open311_keys_of(w.tenant, w.org).await.unwrap();
    assert_eq!(listed.iter().map(|k| k.id).collect::<Vec<_>>(), [ours.id]);
    assert_eq!(listed[0].created_by.as_deref(), Some("Alex Admin"));
    assert!(!db.store.revoke_open311_key(w.tenant, other, ours.id, "Lee Admin", Timestamp::now()).await.unwrap());
    assert!(db.store.revoke_open311_key(w.tenant, w.org, ours.id, "Alex Admin", Timestamp::now()).await.unwrap());
    let kept = db.store.open311_key(&hash).await.unwrap().unwrap();
    assert!(kept.revoked_at.is_some() && kept.revoked_by.as_deref() == Some("Alex Admin"));
    assert!(db.store.open311_keys_of(w.tenant, other).await.unwrap()[0].revoked_at.is_none());
    let said: Vec<String> =
        db.store.open311_key_changes(w.tenant, w.org).await.unwrap().into_iter().map(|c| c.summary).collect();
    assert_eq!(said, ["Revoked the Open311 key ‘FixMyStreet’", "Made the Open311 key ‘FixMyStreet’"]);
    assert_eq!(db.store.open311_key_changes(w.tenant, other).await.unwrap().len(), 1);
});
